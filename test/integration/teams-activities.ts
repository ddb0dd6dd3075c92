/** Real-shaped Teams activities (platform-facts section 10). */
let counter = 0;

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const BOT = { id: '28:bot-app-id', name: 'runtime-advice' };
export const USER = { id: '29:1user-id', name: 'Dev One', aadObjectId: '00000000-0000-0000-0000-000000000001' };
export const OTHER = { id: '29:2other-id', name: 'Dev Two', aadObjectId: '00000000-0000-0000-0000-000000000002' };

export type Kind = 'personal' | 'channel' | 'groupChat';

export function conversationOf(kind: Kind): Record<string, unknown> {
  if (kind === 'personal') return { conversationType: 'personal', tenantId: TENANT, id: 'a:1personal-conversation' };
  if (kind === 'channel') return { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: '19:channel@thread.skype;messageid=1700000000000' };
  return { isGroup: true, conversationType: 'groupChat', tenantId: TENANT, id: '19:group-chat@thread.v2' };
}

function channelData(kind: Kind): Record<string, unknown> {
  if (kind === 'channel') {
    return {
      tenant: { id: TENANT },
      team: { id: '19:team@thread.skype' },
      channel: { id: '19:channel@thread.skype' },
      teamsTeamId: '19:team@thread.skype',
      teamsChannelId: '19:channel@thread.skype',
    };
  }
  return { tenant: { id: TENANT } };
}

export function message(serviceUrl: string, kind: Kind, text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const mentioned = kind !== 'personal';
  const mentionText = `<at>${BOT.name}</at>`;
  return {
    type: 'message',
    id: `1700000000${String(++counter).padStart(3, '0')}`,
    timestamp: new Date().toISOString(),
    localTimestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from: USER,
    conversation: conversationOf(kind),
    recipient: BOT,
    textFormat: 'plain',
    locale: 'en-US',
    text: mentioned ? `${mentionText} ${text}\n` : text,
    attachments: mentioned
      ? [
          {
            contentType: 'text/html',
            content: `<div><div><span itemscope itemtype="http://schema.skype.com/Mention" itemid="0">${BOT.name}</span> ${text}</div></div>`,
          },
        ]
      : [],
    entities: [
      ...(mentioned ? [{ type: 'mention', mentioned: BOT, text: mentionText }] : []),
      { type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web', timezone: 'Europe/London' },
    ],
    channelData: channelData(kind),
    ...extra,
  };
}

/** An Action.Submit from a card: a message whose `value` is the button's data, replying to the card's message. */
export function submit(serviceUrl: string, kind: Kind, data: unknown, replyToId: string, from = USER): Record<string, unknown> {
  return { ...message(serviceUrl, kind, ''), text: undefined, entities: [], attachments: [], from, value: data, replyToId };
}

export function membersAdded(serviceUrl: string, kind: Kind, members: Array<{ id: string; name?: string }>): Record<string, unknown> {
  return {
    type: 'conversationUpdate',
    id: `f:${++counter}`,
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from: USER,
    recipient: BOT,
    conversation: conversationOf(kind),
    membersAdded: members,
    channelData: { ...channelData(kind), eventType: kind === 'channel' ? 'teamMemberAdded' : undefined },
  };
}
