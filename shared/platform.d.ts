// The only runtime facilities shared/ may use beyond ES2022. Node 20 and every browser provide them
// as globals; declaring the few members used here keeps Buffer, process and DOM types out of shared/.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array): string;
}
