export { createServer, CAMPAIGN_SERVICE_NAME, type CampaignServer, type CampaignServerDeps } from './server.js';
export { startCampaignApp, type CampaignApp, type CampaignAppDeps } from './app.js';
export { campaignConfigSchema, type CampaignConfig } from './config.js';
export { CampaignClient, type CampaignClientOptions } from './client.js';
