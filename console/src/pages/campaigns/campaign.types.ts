/** The campaign API's shapes as the generated client declares them (never restated by hand). */
import type { paths } from '../../../../client/index.ts';

type Json<T> = T extends { content: { 'application/json': infer J } } ? J : never;
type CampaignsPath = paths['/api/v1/businesses/{id}/campaigns'];

export type Campaign = Json<CampaignsPath['get']['responses'][200]>['items'][number];
export type NewCampaign = CampaignsPath['post']['requestBody']['content']['application/json'];
export type Report = Json<paths['/api/v1/businesses/{id}/campaigns/{campaignId}/report']['get']['responses'][200]>;
export type ReportCall = Report['calls'][number];
export type LeadList = Json<paths['/api/v1/businesses/{id}/lead-lists']['get']['responses'][200]>['items'][number];
export type PhoneNumber = Json<
  paths['/api/v1/businesses/{id}/phone-numbers']['get']['responses'][200]
>['items'][number];
export type Voice = NonNullable<NewCampaign['voice']>;
export type Goal = NewCampaign['goal'];
export type Transition = 'start' | 'pause' | 'resume' | 'cancel';
