/** Decision records in Slack without a server: the message form, the upload and its fallback, and where a click sends one. */
import { describe, expect, it } from 'vitest';
import { deliverRecord, postRecord, recordAsMessage, recordPlace, slackErrorCode } from '../../src/channels/slack/record.js';
import { recordActivity } from '../../src/channels/teams/record.js';
import { createLogger } from '../../src/log.js';
import type { DocumentView } from '../../src/reply.js';
import { engine } from '../helpers.js';

const DOC: DocumentView = { filename: 'decision.md', title: 'Use containers', markdown: '# Decision\n\nUse containers.\n' };

function fakeClient(options: { uploadFails?: boolean; dm?: string | undefined } = {}) {
  const calls: Array<[string, Record<string, unknown>]> = [];
  const client = {
    files: {
      uploadV2: async (args: Record<string, unknown>) => {
        calls.push(['upload', args]);
        if (options.uploadFails) throw Object.assign(new Error('nope'), { data: { error: 'missing_scope' } });
        return { ok: true };
      },
    },
    chat: { postMessage: async (args: Record<string, unknown>) => calls.push(['post', args]) },
    conversations: {
      open: async (args: Record<string, unknown>) => {
        calls.push(['open', args]);
        return { channel: options.dm === undefined ? undefined : { id: options.dm } };
      },
    },
  };
  return { client: client as never, calls };
}

function logger() {
  const lines: Array<Record<string, unknown>> = [];
  return { log: createLogger({ level: 'debug', write: (l) => lines.push(JSON.parse(l) as Record<string, unknown>) }), lines };
}

describe('recordAsMessage', () => {
  it('an escaped intro, then the Markdown in code blocks, with its own fences made harmless', () => {
    const m = recordAsMessage({ ...DOC, markdown: 'a ``` b\n\n' }, 'Here <@U1> & co:');
    expect(m.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: 'Here &lt;@U1&gt; &amp; co:' } },
      { type: 'section', text: { type: 'mrkdwn', text: "```\na ''' b\n```" } },
    ]);
    expect(m.text).toBe('Here &lt;@U1&gt; &amp; co: Use containers');
  });

  it('splits a long record into pieces that fit a section with their fences, and keeps at most 50 blocks', () => {
    const line = `${'x'.repeat(99)}\n`;
    const m = recordAsMessage({ ...DOC, markdown: line.repeat(100) }, 'intro');
    const pieces = (m.blocks ?? []).slice(1).map((b) => (b.type === 'section' ? (b.text?.text ?? '') : ''));
    expect(pieces.length).toBeGreaterThan(3);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(3000);
      expect(p.startsWith('```\n') && p.endsWith('\n```')).toBe(true);
    }
    const huge = recordAsMessage({ ...DOC, markdown: line.repeat(2000) }, 'intro');
    expect(huge.blocks).toHaveLength(50);
    expect(recordAsMessage({ ...DOC, title: 't'.repeat(1000) }, 'intro').text).toHaveLength(600);
  });
});

describe('posting a record', () => {
  it('uploads a file in the thread, with the "sent" note escaped', async () => {
    const { knowledge: k } = await engine();
    const { client, calls } = fakeClient();
    const { log } = logger();
    expect(await postRecord(client, k, log, { channel: 'C1', threadTs: '1.1' }, DOC)).toBe('file');
    expect(calls).toEqual([
      [
        'upload',
        { channel_id: 'C1', thread_ts: '1.1', filename: 'decision.md', title: 'Use containers', content: DOC.markdown, initial_comment: expect.any(String) },
      ],
    ]);
    const { client: c2, calls: calls2 } = fakeClient();
    await postRecord(c2, k, log, { channel: 'C1' }, DOC);
    expect(calls2[0]?.[1]).not.toHaveProperty('thread_ts');
  });

  it('posts it as a message when the upload is refused, and logs only the error code', async () => {
    const { knowledge: k } = await engine();
    const { client, calls } = fakeClient({ uploadFails: true });
    const { log, lines } = logger();
    expect(await postRecord(client, k, log, { channel: 'C1', threadTs: '1.1' }, DOC)).toBe('message');
    expect(calls.map(([n]) => n)).toEqual(['upload', 'post']);
    expect(calls[1]?.[1]).toMatchObject({ channel: 'C1', thread_ts: '1.1', ...recordAsMessage(DOC, k.records.as_text) });
    expect(lines).toEqual([expect.objectContaining({ level: 'info', msg: 'record upload failed, posting it as a message', code: 'missing_scope' })]);
  });

  it('slackErrorCode: the API error, else the error code, else "error"', () => {
    expect(slackErrorCode({ data: { error: 'not_in_channel' }, code: 'slack_webapi_platform_error' })).toBe('not_in_channel');
    expect(slackErrorCode({ code: 'slack_webapi_request_error' })).toBe('slack_webapi_request_error');
    expect(slackErrorCode(new Error('x'))).toBe('error');
    expect(slackErrorCode({ data: { error: 42 } })).toBe('error');
  });
});

describe('where a click sends a record', () => {
  const respond = async () => undefined;

  it('a shared message: its channel, in its thread (or the message starts one)', () => {
    expect(recordPlace({ type: 'message', channel_id: 'C1', message_ts: '5.5' }, { user: { id: 'U1' }, message: { thread_ts: '1.0' } }, respond)).toEqual({
      user: 'U1',
      channel: 'C1',
      threadTs: '1.0',
    });
    expect(recordPlace({ type: 'message', channel_id: 'C1', message_ts: '5.5' }, { user: { id: 'U1' } }, respond)).toEqual({
      user: 'U1',
      channel: 'C1',
      threadTs: '5.5',
    });
    expect(recordPlace({ type: 'message', channel_id: 'C1' }, { user: { id: 'U1' } }, respond)).toEqual({ user: 'U1', channel: 'C1' });
  });

  it('an ephemeral message or the Home tab: the direct message; an ephemeral click is told privately', async () => {
    const notes: unknown[] = [];
    const place = recordPlace({ type: 'message', is_ephemeral: true, channel_id: 'C1', message_ts: '5.5' }, { user: { id: 'U1' } }, async (m) => notes.push(m));
    expect(place.channel).toBeUndefined();
    await place.notePrivately?.('sent');
    expect(notes).toEqual([{ response_type: 'ephemeral', replace_original: false, text: 'sent' }]);
    expect(recordPlace({ type: 'view' }, { user: { id: 'U1' } }, respond)).toEqual({ user: 'U1' });
  });

  it('delivers in the channel, or in a DM it opens and then says so privately', async () => {
    const { knowledge: k } = await engine();
    const { log } = logger();
    const shared = fakeClient();
    await deliverRecord(shared.client, k, log, { user: 'U1', channel: 'C1', threadTs: '1.0' }, DOC);
    expect(shared.calls.map(([n, a]) => [n, a.channel_id])).toEqual([['upload', 'C1']]);
    const notes: string[] = [];
    const dm = fakeClient({ dm: 'D9' });
    await deliverRecord(dm.client, k, log, { user: 'U1', notePrivately: async (t) => notes.push(t) }, DOC);
    expect(dm.calls.map(([n, a]) => [n, a.users ?? a.channel_id])).toEqual([
      ['open', 'U1'],
      ['upload', 'D9'],
    ]);
    expect(notes).toEqual([k.records.sent_privately]);
    const broken = fakeClient({ dm: undefined });
    await expect(deliverRecord(broken.client, k, log, { user: 'U1' }, DOC)).rejects.toThrow('conversations.open returned no channel');
  });
});

describe('Teams records', () => {
  it('are a Markdown text message', () => {
    expect(recordActivity(DOC)).toEqual({ type: 'message', text: DOC.markdown, textFormat: 'markdown' });
  });
});
