/**
 * Web API arguments with their blocks JSON-encoded once, here. The client would JSON-encode them itself for the form
 * body, but first walks and copies the whole block tree (to redact tokens for a debug line it builds at every log
 * level), and then encodes it again for that line; a string is neither walked nor copied. The same bytes go out.
 * Only for `client.*` calls: Bolt's respond() posts JSON, where blocks stay an array.
 */
export function encodedBlocks<M extends { blocks?: unknown }>(args: M): M {
  if (args.blocks === undefined) return args;
  return { ...args, blocks: JSON.stringify(args.blocks) as unknown as M['blocks'] };
}
