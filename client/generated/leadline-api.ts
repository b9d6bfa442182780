/**
 * Generated from Leadline's OpenAPI document by `npm run api:client` (server/http/openapi-typescript.ts).
 * Do not edit: test/platform/api-client.test.ts fails when this file is stale.
 */

export interface paths {
    "/console/session/refresh": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            accessToken: string;
                            expiresIn: number;
                            tokenType: "Bearer";
                            csrfToken: string;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/console/session/logout": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                204: {
                    headers: { [name: string]: unknown };
                    content?: never;
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/signup": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: {
                    "x-leadline-session"?: "cookie";
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                        password: string;
                        name?: string;
                    };
                };
            };
            responses: {
                201: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            accessToken: string;
                            refreshToken: string;
                            expiresIn: number;
                            tokenType: "Bearer";
                        } | {
                            accessToken: string;
                            expiresIn: number;
                            tokenType: "Bearer";
                            csrfToken: string;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: {
                    "x-leadline-session"?: "cookie";
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                        password: string;
                    };
                };
            };
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            accessToken: string;
                            refreshToken: string;
                            expiresIn: number;
                            tokenType: "Bearer";
                        } | {
                            accessToken: string;
                            expiresIn: number;
                            tokenType: "Bearer";
                            csrfToken: string;
                        } | {
                            twoFactorRequired: true;
                            challenge: string;
                            expiresIn: number;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login/two-factor": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: {
                    "x-leadline-session"?: "cookie";
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        challenge: string;
                        code: string;
                    };
                };
            };
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            accessToken: string;
                            refreshToken: string;
                            expiresIn: number;
                            tokenType: "Bearer";
                        } | {
                            accessToken: string;
                            expiresIn: number;
                            tokenType: "Bearer";
                            csrfToken: string;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/refresh": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: {
                    "x-leadline-session"?: "cookie";
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        refreshToken: string;
                    };
                };
            };
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            accessToken: string;
                            refreshToken: string;
                            expiresIn: number;
                            tokenType: "Bearer";
                        } | {
                            accessToken: string;
                            expiresIn: number;
                            tokenType: "Bearer";
                            csrfToken: string;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        refreshToken: string;
                    };
                };
            };
            responses: {
                204: {
                    headers: { [name: string]: unknown };
                    content?: never;
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/verify-email/request": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                204: {
                    headers: { [name: string]: unknown };
                    content?: never;
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/verify-email/confirm": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                    };
                };
            };
            responses: {
                204: {
                    headers: { [name: string]: unknown };
                    content?: never;
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/verify-email/link": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        token: string;
                    };
                };
            };
            responses: {
                204: {
                    headers: { [name: string]: unknown };
                    content?: never;
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/verify-email": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query: {
                    token: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "text/html": string;
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        token: string;
                    };
                };
            };
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "text/html": string;
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password-reset/request": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                    };
                };
            };
            responses: {
                202: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            status: "sent if the account exists";
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password-reset/confirm": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                        code: string;
                        newPassword: string;
                        secondFactor?: string;
                    } | {
                        token: string;
                        newPassword: string;
                        secondFactor?: string;
                    };
                };
            };
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            revokedApiKeys: number;
                            businesses: ({
                                id: string;
                                name: string;
                                role: string;
                                members: ({
                                    email: string;
                                    name: string | null;
                                    role: string;
                                })[];
                            })[];
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reset-password": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query: {
                    token: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "text/html": string;
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        token: string;
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "text/html": string;
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/two-factor": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            secret: string;
                            otpauthUrl: string;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        password: string;
                        code: string;
                    };
                };
            };
            responses: {
                204: {
                    headers: { [name: string]: unknown };
                    content?: never;
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/two-factor/verify": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                    };
                };
            };
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            recoveryCodes: string[];
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/two-factor/recovery-codes": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                    };
                };
            };
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            recoveryCodes: string[];
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            id: string;
                            email: string;
                            name: string | null;
                            emailVerified: boolean;
                            twoFactorEnabled: boolean;
                            businesses: ({
                                id: string;
                                name: string;
                                role: string;
                            })[];
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            items: ({
                                id: string;
                                name: string;
                                industry: string | null;
                                services: string[];
                                weeklyHours: {
                                    [key: string]: ([string, string])[];
                                };
                                timezone: string;
                                country: string;
                                greeting: string | null;
                                tone: string | null;
                                aiInstructions: string | null;
                                knowledgeBase: string | null;
                                captureFields: ({
                                    key: string;
                                    label: string;
                                })[];
                                forwardingNumber: string | null;
                                escalationRules: {
                                    [key: string]: unknown;
                                };
                                consentPrompt: string | null;
                                recordingEnabled: boolean;
                                transcriptionEnabled: boolean;
                                transcriptOnDecline: boolean;
                                retentionDays: number;
                                leadRetention: "keep_fields" | "delete";
                                legalHold: boolean;
                                closingAt: string | null;
                                purgeAfter: string | null;
                                widgetPublicKey: string;
                                widgetOrigins: string[];
                                widgetSettings: {
                                    [key: string]: unknown;
                                };
                                plan: "trial" | "starter" | "pro" | "business";
                                secondsBalance: number;
                                active: boolean;
                                phoneNumbers?: ({
                                    id: string;
                                    e164: string;
                                    label: string | null;
                                })[];
                                createdAt: string;
                                updatedAt: string;
                            })[];
                            next: string | null;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: {
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        industry?: string | null;
                        services?: string[];
                        weeklyHours?: {
                            mon?: ([string, string])[];
                            tue?: ([string, string])[];
                            wed?: ([string, string])[];
                            thu?: ([string, string])[];
                            fri?: ([string, string])[];
                            sat?: ([string, string])[];
                            sun?: ([string, string])[];
                        };
                        timezone?: string;
                        country?: string;
                        greeting?: string | null;
                        tone?: string | null;
                        aiInstructions?: string | null;
                        knowledgeBase?: string | null;
                        captureFields?: ({
                            key: string;
                            label: string;
                        })[];
                        faqEntries?: ({
                            question: string;
                            answer: string;
                        })[];
                        closedDates?: ({
                            date: string;
                            name?: string;
                        })[];
                        voice?: "alloy" | "ash" | "ballad" | "coral" | "echo" | "sage" | "shimmer" | "verse" | "marin" | "cedar" | null;
                        forwardingNumber?: string | null;
                        escalationRules?: {
                            keywords?: string[];
                            transferDuringHoursOnly?: boolean;
                        };
                        consentPrompt?: string | null;
                        recordingEnabled?: boolean;
                        transcriptionEnabled?: boolean;
                        transcriptOnDecline?: boolean;
                        retentionDays?: number;
                        leadRetention?: "keep_fields" | "delete";
                        widgetOrigins?: string[];
                        widgetSettings?: {
                            labels?: {
                                [key: string]: string;
                            };
                            lang?: string;
                            accent?: string;
                            dailyCallbackCap?: number;
                            retriesEnabled?: boolean;
                            allowedCountries?: string[];
                            verifyPhone?: boolean;
                        };
                        active?: boolean;
                    };
                };
            };
            responses: {
                201: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            industry: string | null;
                            services: string[];
                            weeklyHours: {
                                [key: string]: ([string, string])[];
                            };
                            timezone: string;
                            country: string;
                            greeting: string | null;
                            tone: string | null;
                            aiInstructions: string | null;
                            knowledgeBase: string | null;
                            captureFields: ({
                                key: string;
                                label: string;
                            })[];
                            forwardingNumber: string | null;
                            escalationRules: {
                                [key: string]: unknown;
                            };
                            consentPrompt: string | null;
                            recordingEnabled: boolean;
                            transcriptionEnabled: boolean;
                            transcriptOnDecline: boolean;
                            retentionDays: number;
                            leadRetention: "keep_fields" | "delete";
                            legalHold: boolean;
                            closingAt: string | null;
                            purgeAfter: string | null;
                            widgetPublicKey: string;
                            widgetOrigins: string[];
                            widgetSettings: {
                                [key: string]: unknown;
                            };
                            plan: "trial" | "starter" | "pro" | "business";
                            secondsBalance: number;
                            active: boolean;
                            phoneNumbers?: ({
                                id: string;
                                e164: string;
                                label: string | null;
                            })[];
                            createdAt: string;
                            updatedAt: string;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            industry: string | null;
                            services: string[];
                            weeklyHours: {
                                [key: string]: ([string, string])[];
                            };
                            timezone: string;
                            country: string;
                            greeting: string | null;
                            tone: string | null;
                            aiInstructions: string | null;
                            knowledgeBase: string | null;
                            captureFields: ({
                                key: string;
                                label: string;
                            })[];
                            forwardingNumber: string | null;
                            escalationRules: {
                                [key: string]: unknown;
                            };
                            consentPrompt: string | null;
                            recordingEnabled: boolean;
                            transcriptionEnabled: boolean;
                            transcriptOnDecline: boolean;
                            retentionDays: number;
                            leadRetention: "keep_fields" | "delete";
                            legalHold: boolean;
                            closingAt: string | null;
                            purgeAfter: string | null;
                            widgetPublicKey: string;
                            widgetOrigins: string[];
                            widgetSettings: {
                                [key: string]: unknown;
                            };
                            plan: "trial" | "starter" | "pro" | "business";
                            secondsBalance: number;
                            active: boolean;
                            phoneNumbers?: ({
                                id: string;
                                e164: string;
                                label: string | null;
                            })[];
                            createdAt: string;
                            updatedAt: string;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        industry?: string | null;
                        services?: string[];
                        weeklyHours?: {
                            mon?: ([string, string])[];
                            tue?: ([string, string])[];
                            wed?: ([string, string])[];
                            thu?: ([string, string])[];
                            fri?: ([string, string])[];
                            sat?: ([string, string])[];
                            sun?: ([string, string])[];
                        };
                        timezone?: string;
                        country?: string;
                        greeting?: string | null;
                        tone?: string | null;
                        aiInstructions?: string | null;
                        knowledgeBase?: string | null;
                        captureFields?: ({
                            key: string;
                            label: string;
                        })[];
                        faqEntries?: ({
                            question: string;
                            answer: string;
                        })[];
                        closedDates?: ({
                            date: string;
                            name?: string;
                        })[];
                        voice?: "alloy" | "ash" | "ballad" | "coral" | "echo" | "sage" | "shimmer" | "verse" | "marin" | "cedar" | null;
                        forwardingNumber?: string | null;
                        escalationRules?: {
                            keywords?: string[];
                            transferDuringHoursOnly?: boolean;
                        };
                        consentPrompt?: string | null;
                        recordingEnabled?: boolean;
                        transcriptionEnabled?: boolean;
                        transcriptOnDecline?: boolean;
                        retentionDays?: number;
                        leadRetention?: "keep_fields" | "delete";
                        widgetOrigins?: string[];
                        widgetSettings?: {
                            labels?: {
                                [key: string]: string;
                            };
                            lang?: string;
                            accent?: string;
                            dailyCallbackCap?: number;
                            retriesEnabled?: boolean;
                            allowedCountries?: string[];
                            verifyPhone?: boolean;
                        };
                        active?: boolean;
                    };
                };
            };
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            industry: string | null;
                            services: string[];
                            weeklyHours: {
                                [key: string]: ([string, string])[];
                            };
                            timezone: string;
                            country: string;
                            greeting: string | null;
                            tone: string | null;
                            aiInstructions: string | null;
                            knowledgeBase: string | null;
                            captureFields: ({
                                key: string;
                                label: string;
                            })[];
                            forwardingNumber: string | null;
                            escalationRules: {
                                [key: string]: unknown;
                            };
                            consentPrompt: string | null;
                            recordingEnabled: boolean;
                            transcriptionEnabled: boolean;
                            transcriptOnDecline: boolean;
                            retentionDays: number;
                            leadRetention: "keep_fields" | "delete";
                            legalHold: boolean;
                            closingAt: string | null;
                            purgeAfter: string | null;
                            widgetPublicKey: string;
                            widgetOrigins: string[];
                            widgetSettings: {
                                [key: string]: unknown;
                            };
                            plan: "trial" | "starter" | "pro" | "business";
                            secondsBalance: number;
                            active: boolean;
                            phoneNumbers?: ({
                                id: string;
                                e164: string;
                                label: string | null;
                            })[];
                            createdAt: string;
                            updatedAt: string;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/businesses/{id}/widget-key": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            widgetPublicKey: string;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/members": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            items: ({
                                accountId: string;
                                email: string;
                                name: string | null;
                                role: "owner" | "admin" | "member";
                            })[];
                            next: string | null;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: {
                    "Idempotency-Key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                        role: "owner" | "admin" | "member";
                    };
                };
            };
            responses: {
                202: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            inviteId: string;
                            email: string;
                            role: "owner" | "admin" | "member";
                            expiresAt: string;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/invites": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            items: ({
                                id: string;
                                email: string;
                                role: "owner" | "admin" | "member";
                                expiresAt: string;
                            })[];
                            next: string | null;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/invites/{inviteId}": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post?: never;
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    inviteId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                204: {
                    headers: { [name: string]: unknown };
                    content?: never;
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/members/{accountId}": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post?: never;
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    accountId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                204: {
                    headers: { [name: string]: unknown };
                    content?: never;
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    accountId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        role: "owner" | "admin" | "member";
                    };
                };
            };
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            accountId: string;
                            role: "owner" | "admin" | "member";
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/businesses/{id}/phone-numbers": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            items: ({
                                id: string;
                                e164: string;
                                label: string | null;
                            })[];
                            next: string | null;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: {
                    "Idempotency-Key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        e164: string;
                        label?: string;
                    };
                };
            };
            responses: {
                201: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            id: string;
                            e164: string;
                            label: string | null;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/phone-numbers/search": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        country?: string;
                        areaCode?: number;
                        contains?: string;
                        limit?: number;
                    };
                };
            };
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            items: ({
                                e164: string;
                                friendlyName: string;
                                locality: string | null;
                                region: string | null;
                                sms: boolean;
                            })[];
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/phone-numbers/purchase": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: {
                    "Idempotency-Key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        e164: string;
                        label?: string;
                    };
                };
            };
            responses: {
                201: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            id: string;
                            e164: string;
                            label: string | null;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/phone-numbers/{numberId}": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post?: never;
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    numberId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                204: {
                    headers: { [name: string]: unknown };
                    content?: never;
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/api-keys": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            items: ({
                                id: string;
                                name: string;
                                prefix: string;
                                scope: "read" | "write" | "admin";
                                createdAt: string;
                                lastUsedAt: string | null;
                                revokedAt: string | null;
                            })[];
                            next: string | null;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: {
                    "Idempotency-Key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        scope?: "read" | "write" | "admin";
                    };
                };
            };
            responses: {
                201: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            prefix: string;
                            scope: "read" | "write" | "admin";
                            key: string;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/api-keys/{keyId}": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post?: never;
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    keyId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                204: {
                    headers: { [name: string]: unknown };
                    content?: never;
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/audit-log": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                    action?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            items: ({
                                id: string;
                                action: string;
                                accountId: string | null;
                                target: string | null;
                                meta: unknown;
                                createdAt: string;
                            })[];
                            next: string | null;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/invite": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query: {
                    token: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "text/html": string;
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invites/accept": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        token: string;
                    };
                };
            };
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            businessId: string;
                            name: string;
                            role: "owner" | "admin" | "member";
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing/plans": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            items: ({
                                id: string;
                                name: string;
                                monthlyMinutes: number;
                                priceCents: number;
                                purchasable: boolean;
                                limits: {
                                    [key: string]: number | boolean;
                                };
                            })[];
                            next: null;
                            topUpMinutes: number;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/billing": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            plan: string;
                            status: "trialing" | "active" | "past_due" | "restricted" | "canceled";
                            balanceSeconds: number;
                            reservedSeconds: number;
                            allowanceSeconds: number;
                            periodStart: string | null;
                            periodEnd: string | null;
                            graceEndsAt: string | null;
                            billingEnabled: boolean;
                            limits: {
                                [key: string]: number | boolean;
                            };
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/billing/checkout": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        plan: "starter" | "pro" | "business";
                        successUrl?: string;
                        cancelUrl?: string;
                    };
                };
            };
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            id?: string;
                            url: string | null;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/billing/top-up": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        packs?: number;
                        successUrl?: string;
                        cancelUrl?: string;
                    };
                };
            };
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            id?: string;
                            url: string | null;
                            minutes: number;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/billing/portal": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        returnUrl?: string;
                    };
                };
            };
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            id?: string;
                            url: string | null;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/billing/usage": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: {
                    from?: string;
                    to?: string;
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            items: ({
                                id: string;
                                at: string;
                                kind: "opening" | "trial" | "grant" | "expiry" | "top_up" | "refund" | "usage" | "adjustment";
                                seconds: number;
                                note: string | null;
                                call: {
                                    id: string;
                                    direction: "inbound" | "outbound";
                                    from: string | null;
                                    to: string | null;
                                    startedAt: string;
                                    durationSeconds: number | null;
                                } | null;
                            })[];
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/billing/usage.csv": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: {
                    from?: string;
                    to?: string;
                    cursor?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "text/csv": string;
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/billing/invoices": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            items: ({
                                id: string;
                                number: string | null;
                                status: string | null;
                                currency: string;
                                amountDue: number;
                                amountPaid: number;
                                created: string;
                                periodStart: string;
                                periodEnd: string;
                                hostedInvoiceUrl: string | null;
                                invoicePdf: string | null;
                            })[];
                            next: string | null;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/stripe/webhook": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header: {
                    "stripe-signature": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        id: string;
                        type: string;
                        data: {
                            object: {
                                [key: string]: unknown;
                            };
                        };
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            received: true;
                            duplicate?: boolean;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/campaigns": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            items: ({
                                id: string;
                                listId: string;
                                name: string;
                                goal: string;
                                status: "draft" | "running" | "paused" | "cancelled" | "completed";
                                callerId: string;
                                window: {
                                    start: string;
                                    end: string;
                                    days: number[];
                                };
                                maxAttempts: number;
                                retrySpacingMinutes: number;
                                maxConcurrent: number;
                                callsPerMinute: number;
                                machineAction: string;
                                startedAt: string | null;
                                pausedAt: string | null;
                                finishedAt: string | null;
                                createdAt: string;
                                progress?: {
                                    targets: number;
                                    pending: number;
                                    dialling: number;
                                    done: number;
                                    dials: number;
                                    outcomes: {
                                        [key: string]: number;
                                    };
                                    dailyLimitResetsAt: string | null;
                                };
                            })[];
                            next: string | null;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: {
                    "Idempotency-Key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        listId: string;
                        name: string;
                        goal: "qualify" | "book" | "remind";
                        script: string;
                        greeting: string;
                        disclosure: string;
                        voice?: "alloy" | "ash" | "ballad" | "coral" | "echo" | "sage" | "shimmer" | "verse" | "marin" | "cedar";
                        callerId: string;
                        window?: {
                            start: string;
                            end: string;
                            days?: number[];
                        };
                        maxAttempts?: number;
                        retrySpacingMinutes?: number;
                        maxConcurrent?: number;
                        callsPerMinute?: number;
                        machineAction?: "leave_message" | "hang_up";
                        voicemailMessage?: string;
                    };
                };
            };
            responses: {
                201: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            id: string;
                            listId: string;
                            name: string;
                            goal: string;
                            status: "draft" | "running" | "paused" | "cancelled" | "completed";
                            callerId: string;
                            window: {
                                start: string;
                                end: string;
                                days: number[];
                            };
                            maxAttempts: number;
                            retrySpacingMinutes: number;
                            maxConcurrent: number;
                            callsPerMinute: number;
                            machineAction: string;
                            startedAt: string | null;
                            pausedAt: string | null;
                            finishedAt: string | null;
                            createdAt: string;
                            progress?: {
                                targets: number;
                                pending: number;
                                dialling: number;
                                done: number;
                                dials: number;
                                outcomes: {
                                    [key: string]: number;
                                };
                                dailyLimitResetsAt: string | null;
                            };
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/campaigns/{campaignId}": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    campaignId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            id: string;
                            listId: string;
                            name: string;
                            goal: string;
                            status: "draft" | "running" | "paused" | "cancelled" | "completed";
                            callerId: string;
                            window: {
                                start: string;
                                end: string;
                                days: number[];
                            };
                            maxAttempts: number;
                            retrySpacingMinutes: number;
                            maxConcurrent: number;
                            callsPerMinute: number;
                            machineAction: string;
                            startedAt: string | null;
                            pausedAt: string | null;
                            finishedAt: string | null;
                            createdAt: string;
                            progress?: {
                                targets: number;
                                pending: number;
                                dialling: number;
                                done: number;
                                dials: number;
                                outcomes: {
                                    [key: string]: number;
                                };
                                dailyLimitResetsAt: string | null;
                            };
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/campaigns/{campaignId}/start": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    campaignId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            id: string;
                            listId: string;
                            name: string;
                            goal: string;
                            status: "draft" | "running" | "paused" | "cancelled" | "completed";
                            callerId: string;
                            window: {
                                start: string;
                                end: string;
                                days: number[];
                            };
                            maxAttempts: number;
                            retrySpacingMinutes: number;
                            maxConcurrent: number;
                            callsPerMinute: number;
                            machineAction: string;
                            startedAt: string | null;
                            pausedAt: string | null;
                            finishedAt: string | null;
                            createdAt: string;
                            progress?: {
                                targets: number;
                                pending: number;
                                dialling: number;
                                done: number;
                                dials: number;
                                outcomes: {
                                    [key: string]: number;
                                };
                                dailyLimitResetsAt: string | null;
                            };
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/campaigns/{campaignId}/pause": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    campaignId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            id: string;
                            listId: string;
                            name: string;
                            goal: string;
                            status: "draft" | "running" | "paused" | "cancelled" | "completed";
                            callerId: string;
                            window: {
                                start: string;
                                end: string;
                                days: number[];
                            };
                            maxAttempts: number;
                            retrySpacingMinutes: number;
                            maxConcurrent: number;
                            callsPerMinute: number;
                            machineAction: string;
                            startedAt: string | null;
                            pausedAt: string | null;
                            finishedAt: string | null;
                            createdAt: string;
                            progress?: {
                                targets: number;
                                pending: number;
                                dialling: number;
                                done: number;
                                dials: number;
                                outcomes: {
                                    [key: string]: number;
                                };
                                dailyLimitResetsAt: string | null;
                            };
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/campaigns/{campaignId}/resume": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    campaignId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            id: string;
                            listId: string;
                            name: string;
                            goal: string;
                            status: "draft" | "running" | "paused" | "cancelled" | "completed";
                            callerId: string;
                            window: {
                                start: string;
                                end: string;
                                days: number[];
                            };
                            maxAttempts: number;
                            retrySpacingMinutes: number;
                            maxConcurrent: number;
                            callsPerMinute: number;
                            machineAction: string;
                            startedAt: string | null;
                            pausedAt: string | null;
                            finishedAt: string | null;
                            createdAt: string;
                            progress?: {
                                targets: number;
                                pending: number;
                                dialling: number;
                                done: number;
                                dials: number;
                                outcomes: {
                                    [key: string]: number;
                                };
                                dailyLimitResetsAt: string | null;
                            };
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/campaigns/{campaignId}/cancel": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    campaignId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            id: string;
                            listId: string;
                            name: string;
                            goal: string;
                            status: "draft" | "running" | "paused" | "cancelled" | "completed";
                            callerId: string;
                            window: {
                                start: string;
                                end: string;
                                days: number[];
                            };
                            maxAttempts: number;
                            retrySpacingMinutes: number;
                            maxConcurrent: number;
                            callsPerMinute: number;
                            machineAction: string;
                            startedAt: string | null;
                            pausedAt: string | null;
                            finishedAt: string | null;
                            createdAt: string;
                            progress?: {
                                targets: number;
                                pending: number;
                                dialling: number;
                                done: number;
                                dials: number;
                                outcomes: {
                                    [key: string]: number;
                                };
                                dailyLimitResetsAt: string | null;
                            };
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/campaigns/{campaignId}/report": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    campaignId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            campaignId: string;
                            name: string;
                            status: string;
                            targets: number;
                            dials: number;
                            outcomes: {
                                [key: string]: number;
                            };
                            minutesUsed: number;
                            reached: number;
                            conversion: number;
                            calls: ({
                                dialId: string;
                                attempt: number;
                                phone: string;
                                contactName: string | null;
                                status: string;
                                outcome: string | null;
                                answeredBy: string | null;
                                seconds: number | null;
                                startedAt: string;
                                callId: string | null;
                                leadId: string | null;
                                transcriptUrl: string | null;
                                recordingUrl: string | null;
                            })[];
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/campaigns/{campaignId}/report.csv": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    campaignId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "text/csv": string;
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/leads": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                    before?: string;
                    temperature?: "Hot" | "Warm" | "Cold";
                    urgency?: "emergency" | "high" | "normal" | "low";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            items: ({
                                id: string;
                                businessId: string;
                                name: string | null;
                                phone: string | null;
                                email: string | null;
                                reason: string | null;
                                service: string | null;
                                urgency: "emergency" | "high" | "normal" | "low" | null;
                                temperature: "Hot" | "Warm" | "Cold" | null;
                                preferredTime: string | null;
                                preferredTimeDateOnly: boolean;
                                address: string | null;
                                summary: string;
                                customFields: {
                                    [key: string]: unknown;
                                };
                                extractionMethod: string | null;
                                createdAt: string;
                                updatedAt: string;
                            })[];
                            next: string | null;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/leads/{leadId}": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    leadId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            id: string;
                            businessId: string;
                            name: string | null;
                            phone: string | null;
                            email: string | null;
                            reason: string | null;
                            service: string | null;
                            urgency: "emergency" | "high" | "normal" | "low" | null;
                            temperature: "Hot" | "Warm" | "Cold" | null;
                            preferredTime: string | null;
                            preferredTimeDateOnly: boolean;
                            address: string | null;
                            summary: string;
                            customFields: {
                                [key: string]: unknown;
                            };
                            extractionMethod: string | null;
                            createdAt: string;
                            updatedAt: string;
                            calls: ({
                                id: string;
                                startedAt: string;
                                status: "queued" | "ringing" | "in_progress" | "completed" | "busy" | "no_answer" | "failed" | "canceled";
                                durationSeconds: number | null;
                            })[];
                            sync: ({
                                provider: string;
                                status: "pending" | "synced" | "failed" | "parked";
                                externalId: string | null;
                                deepLink: string | null;
                                error: string | null;
                                attempts: number;
                                syncedAt: string | null;
                            })[];
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    leadId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string | null;
                        phone?: string | null;
                        email?: string | null;
                        service?: string | null;
                        reason?: string | null;
                        address?: string | null;
                        summary?: string;
                        temperature?: "Hot" | "Warm" | "Cold" | null;
                        urgency?: "emergency" | "high" | "normal" | "low" | null;
                    };
                };
            };
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            sync: ({
                                provider: string;
                                status: "pending" | "synced" | "failed" | "parked";
                                externalId: string | null;
                                deepLink: string | null;
                                error: string | null;
                                attempts: number;
                                syncedAt: string | null;
                            })[];
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/businesses/{id}/calls": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                    before?: string;
                    status?: "queued" | "ringing" | "in_progress" | "completed" | "busy" | "no_answer" | "failed" | "canceled";
                    mode?: "ai" | "forwarded" | "voicemail" | "rejected";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            items: ({
                                id: string;
                                direction: "inbound" | "outbound";
                                mode: "ai" | "forwarded" | "voicemail" | "rejected";
                                from: string | null;
                                to: string | null;
                                status: "queued" | "ringing" | "in_progress" | "completed" | "busy" | "no_answer" | "failed" | "canceled";
                                startedAt: string;
                                durationSeconds: number | null;
                                leadId: string | null;
                            })[];
                            next: string | null;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calls/{callId}": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    callId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            id: string;
                            businessId: string;
                            direction: "inbound" | "outbound";
                            mode: "ai" | "forwarded" | "voicemail" | "rejected";
                            from: string | null;
                            to: string | null;
                            status: "queued" | "ringing" | "in_progress" | "completed" | "busy" | "no_answer" | "failed" | "canceled";
                            startedAt: string;
                            endedAt: string | null;
                            durationSeconds: number | null;
                            endReason: string | null;
                            leadId: string | null;
                            consent: {
                                outcome: "pending" | "granted" | "declined" | "no_answer";
                                attempts: number;
                                method: string | null;
                                promptText: string;
                                askedAt: string;
                                answeredAt: string | null;
                            } | null;
                            recording: {
                                seconds: number | null;
                                status: string | null;
                                url: string | null;
                            } | null;
                            transcript: ({
                                speaker: "agent" | "caller";
                                text: string;
                                at: string;
                            })[];
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/privacy-requests": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            items: ({
                                id: string;
                                type: "export" | "erase";
                                status: "pending" | "running" | "done" | "failed";
                                systems: {
                                    [key: string]: {
                                        state: string;
                                        detail?: string;
                                    };
                                };
                                createdAt: string;
                                finishedAt: string | null;
                                downloadable: boolean;
                            })[];
                            next: string | null;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        type: "export" | "erase";
                        phone?: string;
                        email?: string;
                    };
                };
            };
            responses: {
                202: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            id: string;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/privacy-requests/{requestId}": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    requestId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            id: string;
                            type: "export" | "erase";
                            status: "pending" | "running" | "done" | "failed";
                            systems: {
                                [key: string]: {
                                    state: string;
                                    detail?: string;
                                };
                            };
                            createdAt: string;
                            finishedAt: string | null;
                            download: {
                                url: string;
                                expiresAt: string;
                            } | null;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/privacy-requests/{requestId}/download": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    requestId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            format: "leadline.subject-export/v1";
                            generatedAt: string;
                            business: {
                                id: string;
                                name: string;
                            };
                            subject: {
                                phones: string[];
                                emails: string[];
                            };
                            calls: ({
                                id: string;
                                direction: string;
                                mode: string;
                                from: string | null;
                                to: string | null;
                                startedAt: string;
                                endedAt: string | null;
                                durationSeconds: number | null;
                                consent: {
                                    outcome: string;
                                    method: string | null;
                                    promptText: string;
                                    askedAt: string;
                                } | null;
                                transcript: ({
                                    speaker: string;
                                    text: string;
                                    at: string;
                                })[];
                                recording: {
                                    url: string;
                                    expiresAt: string;
                                } | null;
                                crmRecords: ({
                                    provider: string;
                                    kind: string;
                                    externalId: string;
                                })[];
                            })[];
                            leads: ({
                                id: string;
                                name: string | null;
                                phone: string | null;
                                email: string | null;
                                reason: string | null;
                                service: string | null;
                                address: string | null;
                                preferredTime: string | null;
                                summary: string;
                                customFields: {
                                    [key: string]: unknown;
                                };
                                createdAt: string;
                                crmRecords: ({
                                    provider: string;
                                    kind: string;
                                    externalId: string;
                                })[];
                            })[];
                            callbackRequests: ({
                                id: string;
                                name: string;
                                phone: string;
                                reason: string | null;
                                consentCall: boolean;
                                consentSms: boolean;
                                status: string;
                                origin: string | null;
                                ip: string | null;
                                createdAt: string;
                            })[];
                            smsConsent: ({
                                phone: string;
                                event: string;
                                source: string;
                                wording: string | null;
                                at: string;
                            })[];
                            smsOptedOut: string[];
                            listContacts: ({
                                list: string;
                                row: number;
                                phone: string;
                                name: string | null;
                                email: string | null;
                                company: string | null;
                                notes: string | null;
                                fields: {
                                    [key: string]: string;
                                };
                                consentBasis: string;
                                timeZone: string | null;
                                importedAt: string;
                            })[];
                            doNotCall: ({
                                phone: string;
                                source: string;
                                note: string | null;
                                at: string;
                            })[];
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calls/{callId}/recording": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    callId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                303: {
                    headers: { [name: string]: unknown };
                    content?: never;
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calls/{callId}/hold": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    callId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        hold: boolean;
                    };
                };
            };
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            callId: string;
                            hold: boolean;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/hold": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        hold: boolean;
                    };
                };
            };
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            businessId: string;
                            hold: boolean;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/closure": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        confirmName: string;
                    };
                };
            };
            responses: {
                202: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            closingAt: string;
                            purgeAfter: string;
                            revokedGrants: string[];
                            releasedNumbers: string[];
                            detachedNumbers: string[];
                            exportUntil: string;
                            exportRequestId: string;
                            export: string;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                204: {
                    headers: { [name: string]: unknown };
                    content?: never;
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/account": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post?: never;
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                204: {
                    headers: { [name: string]: unknown };
                    content?: never;
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/lead-lists/preview": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "text/csv": string;
                };
            };
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            headers: string[];
                            rows: string[][];
                            suggested: {
                                phoneColumn: string | null;
                                nameColumn: string | null;
                                emailColumn: string | null;
                                companyColumn: string | null;
                                notesColumn: string | null;
                            };
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/lead-lists": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            items: ({
                                id: string;
                                name: string;
                                defaultCountry: string;
                                consentBasis: "express_written" | "express" | "existing_relationship" | "inquiry";
                                columnMap: {
                                    [key: string]: unknown;
                                };
                                rowCount: number;
                                acceptedCount: number;
                                duplicateCount: number;
                                rejectedCount: number;
                                createdAt: string;
                            })[];
                            next: string | null;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post: {
            parameters: {
                query: {
                    name: string;
                    defaultCountry: string;
                    consentBasis: "express_written" | "express" | "existing_relationship" | "inquiry";
                    phoneColumn: string;
                    nameColumn?: string;
                    emailColumn?: string;
                    companyColumn?: string;
                    notesColumn?: string;
                    customColumn?: string | string[];
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "text/csv": string;
                };
            };
            responses: {
                201: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            defaultCountry: string;
                            consentBasis: "express_written" | "express" | "existing_relationship" | "inquiry";
                            columnMap: {
                                [key: string]: unknown;
                            };
                            rowCount: number;
                            acceptedCount: number;
                            duplicateCount: number;
                            rejectedCount: number;
                            createdAt: string;
                            rejected: ({
                                row: number;
                                reason: "missing_phone" | "bad_phone" | "country_not_allowed" | "not_dialable" | "invalid_email" | "too_long" | "bad_text" | "wrong_column_count" | "duplicate" | "do_not_call";
                                detail: string;
                            })[];
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/lead-lists/{listId}": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    listId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            defaultCountry: string;
                            consentBasis: "express_written" | "express" | "existing_relationship" | "inquiry";
                            columnMap: {
                                [key: string]: unknown;
                            };
                            rowCount: number;
                            acceptedCount: number;
                            duplicateCount: number;
                            rejectedCount: number;
                            createdAt: string;
                            rejected: ({
                                row: number;
                                reason: "missing_phone" | "bad_phone" | "country_not_allowed" | "not_dialable" | "invalid_email" | "too_long" | "bad_text" | "wrong_column_count" | "duplicate" | "do_not_call";
                                detail: string;
                            })[];
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    listId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                204: {
                    headers: { [name: string]: unknown };
                    content?: never;
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/lead-lists/{listId}/rejected.csv": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    listId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "text/csv": string;
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/lead-lists/{listId}/contacts": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path: {
                    id: string;
                    listId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            items: ({
                                id: string;
                                row: number;
                                phone: string;
                                name: string | null;
                                email: string | null;
                                company: string | null;
                                notes: string | null;
                                fields: {
                                    [key: string]: string;
                                };
                                timeZone: string | null;
                            })[];
                            next: string | null;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/do-not-call": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                    phone?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            items: ({
                                id: string;
                                phone: string | null;
                                source: "manual" | "import" | "call_opt_out" | "sms_stop" | "platform";
                                note: string | null;
                                removable: boolean;
                                createdAt: string;
                            })[];
                            next: string | null;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: {
                    "Idempotency-Key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        phones: string[];
                        note?: string;
                    };
                };
            };
            responses: {
                201: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            added: number;
                            alreadyListed: number;
                            invalid: ({
                                input: string;
                                reason: string;
                            })[];
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/do-not-call/{entryId}": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post?: never;
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    entryId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                204: {
                    headers: { [name: string]: unknown };
                    content?: never;
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/connections": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            items: ({
                                id: string;
                                businessId: string;
                                provider: string;
                                status: "active" | "needs_reauth" | "disconnected";
                                externalAccount: {
                                    id: string;
                                    name: string | null;
                                    ownerEmail: string | null;
                                    instanceUrl: string | null;
                                };
                                scopes: string[];
                                settings: {
                                    [key: string]: unknown;
                                };
                                lastSyncAt: string | null;
                                lastError: string | null;
                                counts: {
                                    pending: number;
                                    synced: number;
                                    failed: number;
                                    parked: number;
                                };
                                createdAt: string;
                            })[];
                            next: string | null;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/connections": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            items: ({
                                id: string;
                                businessId: string;
                                provider: string;
                                status: "active" | "needs_reauth" | "disconnected";
                                externalAccount: {
                                    id: string;
                                    name: string | null;
                                    ownerEmail: string | null;
                                    instanceUrl: string | null;
                                };
                                scopes: string[];
                                settings: {
                                    [key: string]: unknown;
                                };
                                lastSyncAt: string | null;
                                lastError: string | null;
                                counts: {
                                    pending: number;
                                    synced: number;
                                    failed: number;
                                    parked: number;
                                };
                                createdAt: string;
                            })[];
                            next: string | null;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/connections/{provider}": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    provider: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        fieldMapping?: {
                            [key: string]: string;
                        };
                        defaultCompany?: string;
                        inviteAttendees?: boolean;
                        appointmentMinutes?: number;
                    };
                };
            };
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            provider: string;
                            settings: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/businesses/{id}/connections/{provider}/fields": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    provider: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            provider: string;
                            mappable: boolean;
                            object: string | null;
                            unmapped: string | null;
                            leadFields: ({
                                key: string;
                                label: string;
                                custom: boolean;
                                default: string | null;
                                current: string | null;
                            })[];
                            crmFields: ({
                                name: string;
                                label: string;
                                type: string;
                            })[];
                            mapping: {
                                [key: string]: string;
                            };
                            defaultMapping: {
                                [key: string]: string;
                            };
                            fetchedAt: string | null;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/connections/events": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "text/event-stream": string;
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/connections/{provider}/backfill": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: {
                    "Idempotency-Key"?: string;
                };
                path: {
                    id: string;
                    provider: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        days?: number;
                    };
                };
            };
            responses: {
                202: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            connectionId: string;
                            days: number;
                            queued: {
                                leads: number;
                                calls: number;
                            };
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/connections/{provider}/install-link": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    provider: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            url: string;
                            expiresIn: number;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth/{provider}/install": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: {
                    businessId?: string;
                    ticket?: string;
                };
                header?: never;
                path: {
                    provider: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "text/html": string;
                    };
                };
                302: {
                    headers: { [name: string]: unknown };
                    content?: never;
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    provider: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        ticket: string;
                    };
                };
            };
            responses: {
                302: {
                    headers: { [name: string]: unknown };
                    content?: never;
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth/{provider}/callback": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: {
                    code?: string;
                    state?: string;
                    error?: string;
                    error_description?: string;
                };
                header?: never;
                path: {
                    provider: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            connection: {
                                id: string;
                                provider: string;
                                status: "active" | "needs_reauth" | "disconnected";
                                externalAccountId: string;
                                externalName: string | null;
                                scopes: string[];
                            };
                            business: {
                                id: string;
                                name: string;
                            };
                            createdAccount: boolean;
                            createdBusiness: boolean;
                            setupEmailedTo: string | null;
                            resumed: number;
                            backfilled: number;
                        };
                        "text/html": string;
                    };
                };
                202: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            status: "pending_confirmation";
                            provider: string;
                            confirmationEmailedTo: string;
                        };
                        "text/html": string;
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth/{provider}/uninstall": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    provider: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        businessId: string;
                    };
                };
            };
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            status: "disconnected";
                            revoked: boolean;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/setup": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query: {
                    token: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "text/html": string;
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        token: string;
                        action: "password" | "confirm" | "decline";
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "text/html": string;
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pending-installs": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            items: ({
                                id: string;
                                provider: string;
                                externalAccountId: string;
                                externalName: string | null;
                                businessId: string | null;
                                businessName: string;
                                expiresAt: string;
                            })[];
                            next: string | null;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pending-installs/{id}/confirm": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            connection: {
                                id: string;
                                provider: string;
                                status: "active" | "needs_reauth" | "disconnected";
                                externalAccountId: string;
                                externalName: string | null;
                                scopes: string[];
                            };
                            business: {
                                id: string;
                                name: string;
                            };
                            createdAccount: boolean;
                            createdBusiness: boolean;
                            setupEmailedTo: string | null;
                            resumed: number;
                            backfilled: number;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pending-installs/{id}/decline": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                204: {
                    headers: { [name: string]: unknown };
                    content?: never;
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/widget/v1/config": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query: {
                    key: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            business: {
                                name: string;
                                phone: string | null;
                                country: string;
                                timezone: string;
                                open: boolean;
                                nextChange: string | null;
                                hoursText: string;
                            };
                            labels: {
                                launcher: string;
                                close: string;
                                loading: string;
                                loadError: string;
                                openNow: string;
                                closedNow: string;
                                callUs: string;
                                formTitle: string;
                                name: string;
                                phone: string;
                                reason: string;
                                consentCall: string;
                                consentSms: string;
                                website: string;
                                submit: string;
                                submitting: string;
                                errName: string;
                                errPhone: string;
                                errConsent: string;
                                errReason: string;
                                errRateLimited: string;
                                errForbidden: string;
                                errNetwork: string;
                                errGeneric: string;
                                statusQueued: string;
                                statusCalling: string;
                                statusRinging: string;
                                statusInConversation: string;
                                statusCompleted: string;
                                statusCompletedLead: string;
                                statusNoAnswer: string;
                                statusNoAnswerRetry: string;
                                statusFailed: string;
                                statusLost: string;
                                again: string;
                                codeTitle: string;
                                codeSent: string;
                                code: string;
                                codeSubmit: string;
                                codeResend: string;
                                codeResent: string;
                                codeChecking: string;
                                errCode: string;
                                errCodeWrong: string;
                                errCodeExpired: string;
                            };
                            lang: string;
                            theme: {
                                accent?: string;
                            };
                            retriesEnabled: boolean;
                            minFillMs: number;
                            requirePhoneCheck: boolean;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/widget/v1/challenge": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query: {
                    key: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            challenge: string;
                            bits: number;
                            expiresAt: string;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/widget/v1/phone-checks": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: {
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        key: string;
                        phone: string;
                        proof: {
                            challenge: string;
                            solution: string;
                        };
                    };
                };
            };
            responses: {
                201: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            id: string;
                            expiresAt: string;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/widget/v1/callbacks": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: {
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        key: string;
                        name: string;
                        phone: string;
                        reason?: string;
                        consentCall: true;
                        consentSms?: boolean;
                        website?: string;
                        elapsedMs: number;
                        proof: {
                            challenge: string;
                            solution: string;
                        };
                        phoneCheck?: {
                            id: string;
                            code: string;
                        };
                    };
                };
            };
            responses: {
                201: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            id: string;
                            token: string;
                            status: "queued";
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/widget/v1/callbacks/{id}/events": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query: {
                    ticket: string;
                    lastEventId?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "text/event-stream": string;
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/widget/v1/callbacks/{id}/stream-ticket": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: {
                    "Idempotency-Key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        token: string;
                    };
                };
            };
            responses: {
                201: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            ticket: string;
                            expiresInSeconds: number;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/webhooks": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            items: ({
                                id: string;
                                url: string;
                                description: string | null;
                                events: ("call.started" | "call.completed" | "lead.created" | "lead.updated" | "lead.synced" | "callback.updated" | "campaign.call.completed" | "connection.needs_reauth")[];
                                includeTranscript: boolean;
                                enabled: boolean;
                                disabledAt: string | null;
                                disabledReason: string | null;
                                failingSince: string | null;
                                createdAt: string;
                            })[];
                            next: string | null;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: {
                    "Idempotency-Key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        url: string;
                        events: ("call.started" | "call.completed" | "lead.created" | "lead.updated" | "lead.synced" | "callback.updated" | "campaign.call.completed" | "connection.needs_reauth")[];
                        description?: string | null;
                        includeTranscript?: boolean;
                    };
                };
            };
            responses: {
                201: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            id: string;
                            url: string;
                            description: string | null;
                            events: ("call.started" | "call.completed" | "lead.created" | "lead.updated" | "lead.synced" | "callback.updated" | "campaign.call.completed" | "connection.needs_reauth")[];
                            includeTranscript: boolean;
                            enabled: boolean;
                            disabledAt: string | null;
                            disabledReason: string | null;
                            failingSince: string | null;
                            createdAt: string;
                            secret: string;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/webhooks/{webhookId}": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    webhookId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            id: string;
                            url: string;
                            description: string | null;
                            events: ("call.started" | "call.completed" | "lead.created" | "lead.updated" | "lead.synced" | "callback.updated" | "campaign.call.completed" | "connection.needs_reauth")[];
                            includeTranscript: boolean;
                            enabled: boolean;
                            disabledAt: string | null;
                            disabledReason: string | null;
                            failingSince: string | null;
                            createdAt: string;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    webhookId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                204: {
                    headers: { [name: string]: unknown };
                    content?: never;
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    webhookId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        url?: string;
                        events?: ("call.started" | "call.completed" | "lead.created" | "lead.updated" | "lead.synced" | "callback.updated" | "campaign.call.completed" | "connection.needs_reauth")[];
                        description?: string | null;
                        includeTranscript?: boolean;
                        enabled?: boolean;
                    };
                };
            };
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            id: string;
                            url: string;
                            description: string | null;
                            events: ("call.started" | "call.completed" | "lead.created" | "lead.updated" | "lead.synced" | "callback.updated" | "campaign.call.completed" | "connection.needs_reauth")[];
                            includeTranscript: boolean;
                            enabled: boolean;
                            disabledAt: string | null;
                            disabledReason: string | null;
                            failingSince: string | null;
                            createdAt: string;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/businesses/{id}/webhooks/{webhookId}/rotate-secret": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    webhookId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            secret: string;
                            previousSecretExpiresAt: string;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/webhooks/{webhookId}/test": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: {
                    "Idempotency-Key"?: string;
                };
                path: {
                    id: string;
                    webhookId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                202: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            eventId: string;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/webhooks/{webhookId}/deliveries": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                    eventType?: string;
                    status?: "succeeded" | "failed";
                };
                header?: never;
                path: {
                    id: string;
                    webhookId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            items: ({
                                id: string;
                                deliveryId: string;
                                eventId: string;
                                eventType: string;
                                attempt: number;
                                status: "succeeded" | "failed";
                                deliveryStatus: "pending" | "delivered" | "failed";
                                responseStatus: number | null;
                                responseBody: string | null;
                                error: string | null;
                                latencyMs: number;
                                createdAt: string;
                            })[];
                            next: string | null;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: {
                    "Idempotency-Key"?: string;
                };
                path: {
                    id: string;
                    webhookId: string;
                    deliveryId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                202: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            deliveryId: string;
                            status: "pending";
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/inbox": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: {
                    temperature?: "Hot" | "Warm" | "Cold";
                    handled?: "true" | "false";
                    service?: string;
                    from?: string;
                    to?: string;
                    q?: string;
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            items: ({
                                callId: string;
                                startedAt: string;
                                from: string | null;
                                status: string;
                                durationSeconds: number | null;
                                handledAt: string | null;
                                assigneeId: string | null;
                                lead: {
                                    id: string;
                                    name: string | null;
                                    phone: string | null;
                                    temperature: string | null;
                                    service: string | null;
                                    summary: string;
                                } | null;
                            })[];
                            next: string | null;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/inbox/events": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "text/event-stream": string;
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calls/{callId}/triage": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    callId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            handledAt: string | null;
                            handledBy: {
                                id: string;
                                name: string | null;
                            } | null;
                            assigneeId: string | null;
                            notes: ({
                                id: string;
                                body: string;
                                createdAt: string;
                                author: {
                                    id: string;
                                    name: string | null;
                                };
                            })[];
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    callId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        handled?: boolean;
                        assigneeId?: string | null;
                    };
                };
            };
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            handledAt: string | null;
                            assigneeId: string | null;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/calls/{callId}/notes": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    callId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        body: string;
                    };
                };
            };
            responses: {
                201: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            id: string;
                            body: string;
                            createdAt: string;
                            author: {
                                id: string;
                                name: string | null;
                            };
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/leads/{leadId}/sync/retry": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    leadId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            sync: ({
                                provider: string;
                                status: "pending" | "synced" | "failed" | "parked";
                                externalId: string | null;
                                deepLink: string | null;
                                error: string | null;
                                attempts: number;
                                syncedAt: string | null;
                            })[];
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/test-calls/samples": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            items: ({
                                id: string;
                                title: string;
                                firstCallerLine: string;
                            })[];
                            next: null;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/test-calls": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        sample: string;
                    };
                };
            };
            responses: {
                202: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            callId: string;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/consent-preview": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        consentPrompt?: string | null;
                        recordingEnabled?: boolean;
                        transcriptionEnabled?: boolean;
                    };
                };
            };
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            inbound: string;
                            callback: string;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/usage/daily": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            timezone: string;
                            from: string;
                            to: string;
                            usedSeconds: number;
                            balanceSeconds: number;
                            alertPercent: number;
                            days: ({
                                date: string;
                                calls: number;
                                minutes: number;
                            })[];
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calls/{callId}/recording-link": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    callId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            url: string;
                            expiresAt: string;
                            expiresIn: number;
                            seconds: number | null;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{id}/callback-requests": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            items: ({
                                id: string;
                                createdAt: string;
                                name: string;
                                phone: string;
                                reason: string | null;
                                status: string;
                                attempts: number;
                                callIds: string[];
                            })[];
                            next: string | null;
                        };
                    };
                };
                "default": {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}

export interface webhooks {
    "call.started": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        type: "call.started";
                        timestamp: string;
                        data: {
                            callId: string;
                            businessId: string;
                            direction: "inbound" | "outbound";
                            from: string | null;
                            to: string | null;
                            mode: "ai" | "forwarded" | "voicemail" | "rejected";
                            startedAt: string;
                        };
                    };
                };
            };
            responses: {
                "2XX": {
                    headers: { [name: string]: unknown };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "call.completed": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        type: "call.completed";
                        timestamp: string;
                        data: {
                            callId: string;
                            businessId: string;
                            direction: "inbound" | "outbound";
                            from: string | null;
                            to: string | null;
                            mode: "ai" | "forwarded" | "voicemail" | "rejected";
                            status: string;
                            durationSeconds: number | null;
                            endedAt: string | null;
                            leadId: string | null;
                            transcriptUrl: string;
                            transcript?: ({
                                speaker: "agent" | "caller";
                                text: string;
                            })[];
                        };
                    };
                };
            };
            responses: {
                "2XX": {
                    headers: { [name: string]: unknown };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "lead.created": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        type: "lead.created";
                        timestamp: string;
                        data: {
                            leadId: string;
                            businessId: string;
                            callId: string | null;
                            name: string | null;
                            phone: string | null;
                            email: string | null;
                            reason: string | null;
                            service: string | null;
                            urgency: "emergency" | "high" | "normal" | "low" | null;
                            temperature: "Hot" | "Warm" | "Cold" | null;
                            preferredTime: string | null;
                            address: string | null;
                            summary: string;
                            customFields: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
            responses: {
                "2XX": {
                    headers: { [name: string]: unknown };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "lead.updated": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        type: "lead.updated";
                        timestamp: string;
                        data: {
                            leadId: string;
                            businessId: string;
                            callId: string | null;
                            name: string | null;
                            phone: string | null;
                            email: string | null;
                            reason: string | null;
                            service: string | null;
                            urgency: "emergency" | "high" | "normal" | "low" | null;
                            temperature: "Hot" | "Warm" | "Cold" | null;
                            preferredTime: string | null;
                            address: string | null;
                            summary: string;
                            customFields: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
            responses: {
                "2XX": {
                    headers: { [name: string]: unknown };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "lead.synced": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        type: "lead.synced";
                        timestamp: string;
                        data: {
                            leadId: string;
                            businessId: string;
                            connectionId: string;
                            provider: string;
                            externalId: string | null;
                            externalIds: {
                                [key: string]: string;
                            };
                            deepLink: string | null;
                        };
                    };
                };
            };
            responses: {
                "2XX": {
                    headers: { [name: string]: unknown };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "callback.updated": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        type: "callback.updated";
                        timestamp: string;
                        data: {
                            callbackRequestId: string;
                            businessId: string;
                            status: "calling" | "ringing" | "in_conversation" | "completed" | "no_answer" | "failed";
                            leadCaptured?: boolean;
                            retryScheduled?: boolean;
                        };
                    };
                };
            };
            responses: {
                "2XX": {
                    headers: { [name: string]: unknown };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "campaign.call.completed": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        type: "campaign.call.completed";
                        timestamp: string;
                        data: {
                            campaignId: string;
                            campaignName: string;
                            businessId: string;
                            dialId: string;
                            contactId: string;
                            phone: string;
                            attempt: number;
                            outcome: "connected" | "interested" | "booked" | "not_interested" | "voicemail" | "no_answer" | "busy" | "failed" | "opted_out" | "invalid_number" | "blocked";
                            answeredBy: string | null;
                            callId: string | null;
                            durationSeconds: number | null;
                            leadId: string | null;
                            willRetry: boolean;
                        };
                    };
                };
            };
            responses: {
                "2XX": {
                    headers: { [name: string]: unknown };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "connection.needs_reauth": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        type: "connection.needs_reauth";
                        timestamp: string;
                        data: {
                            connectionId: string;
                            businessId: string;
                            provider: string;
                            externalName: string | null;
                            reason: string;
                        };
                    };
                };
            };
            responses: {
                "2XX": {
                    headers: { [name: string]: unknown };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "webhook.test": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        type: "webhook.test";
                        timestamp: string;
                        data: {
                            webhookId: string;
                            businessId: string;
                            message: string;
                        };
                    };
                };
            };
            responses: {
                "2XX": {
                    headers: { [name: string]: unknown };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}

export interface components {
    schemas: {
        Problem: {
            type: string;
            title: string;
            status: number;
            detail?: string;
            instance?: string;
            errors?: ({
                path?: string;
                message?: string;
            })[];
        };
    };
}
