/** The vault name of a channel's one secret (a Slack/Teams URL, the signing secret, the SMTP password). */
export const channelSecretName = (channelId: string) => `alert-channel/${channelId}/secret`;
