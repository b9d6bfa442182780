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
                200: {
                    headers: { [name: string]: unknown };
                    content: { "application/json": unknown };
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
                header?: never;
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
                header?: never;
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
                200: {
                    headers: { [name: string]: unknown };
                    content: {
                        "application/json": {
                            accessToken: string;
                            refreshToken: string;
                            expiresIn: number;
                            tokenType: "Bearer";
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
                200: {
                    headers: { [name: string]: unknown };
                    content: { "application/json": unknown };
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
                200: {
                    headers: { [name: string]: unknown };
                    content: { "application/json": unknown };
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
                200: {
                    headers: { [name: string]: unknown };
                    content: { "application/json": unknown };
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
                200: {
                    headers: { [name: string]: unknown };
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                200: {
                    headers: { [name: string]: unknown };
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                200: {
                    headers: { [name: string]: unknown };
                    content: { "application/json": unknown };
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
                200: {
                    headers: { [name: string]: unknown };
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                200: {
                    headers: { [name: string]: unknown };
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                200: {
                    headers: { [name: string]: unknown };
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                        type: "export" | "erase";
                        phone?: string;
                        email?: string;
                    };
                };
            };
            responses: {
                202: {
                    headers: { [name: string]: unknown };
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                200: {
                    headers: { [name: string]: unknown };
                    content: { "application/json": unknown };
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
                200: {
                    headers: { [name: string]: unknown };
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                200: {
                    headers: { [name: string]: unknown };
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                200: {
                    headers: { [name: string]: unknown };
                    content: { "application/json": unknown };
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
                                [key: string]: string;
                            };
                            lang: string;
                            theme: {
                                accent?: string;
                            };
                            retriesEnabled: boolean;
                            minFillMs: number;
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
                query?: {
                    ticket?: string;
                    token?: string;
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
                    content: { "application/json": unknown };
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
                                events: ("call.started" | "call.completed" | "lead.created" | "lead.updated" | "lead.synced" | "callback.updated" | "connection.needs_reauth")[];
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
                        events: ("call.started" | "call.completed" | "lead.created" | "lead.updated" | "lead.synced" | "callback.updated" | "connection.needs_reauth")[];
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
                            events: ("call.started" | "call.completed" | "lead.created" | "lead.updated" | "lead.synced" | "callback.updated" | "connection.needs_reauth")[];
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
                            events: ("call.started" | "call.completed" | "lead.created" | "lead.updated" | "lead.synced" | "callback.updated" | "connection.needs_reauth")[];
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
                200: {
                    headers: { [name: string]: unknown };
                    content: { "application/json": unknown };
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
                        events?: ("call.started" | "call.completed" | "lead.created" | "lead.updated" | "lead.synced" | "callback.updated" | "connection.needs_reauth")[];
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
                            events: ("call.started" | "call.completed" | "lead.created" | "lead.updated" | "lead.synced" | "callback.updated" | "connection.needs_reauth")[];
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
                    content: { "application/json": unknown };
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
