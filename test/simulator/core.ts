// The one place the simulator imports the protocol core from. The simulator decodes every send
// with the core as well as with its own wireFormat.ts, so the two are tested against each other
// by every integration test that talks to it.
export { decodeContent, frameText, mmsSize, MAX_MMS_BYTES, VENDOR_CODES } from '../../nodes/protocol';
export type { Frame } from '../../nodes/protocol';
