// sharp (libvips) is loaded on the first image that needs converting, not when the node loads:
// the nodes must load, and GIF/JPEG that already fit must go out, on a system where sharp's
// native binaries are missing (an unusual CPU, a musl/glibc mismatch, a copied node_modules).
import type sharpFactory from 'sharp';

import { InvalidInputError } from '../errors';

export type Sharp = typeof sharpFactory;
/** Returns the sharp module or throws SharpUnavailableError. Injectable so tests can prove when sharp is (not) loaded. */
export type SharpLoader = () => Sharp;

/** sharp could not be loaded: the conversion is impossible here, and the sender must change the setup or the input. */
export class SharpUnavailableError extends InvalidInputError {
	constructor(reason: string) {
		super(
			`Fit Images needs the image library sharp, which could not be loaded on this system (${reason})`,
			'fitImages',
			"Reinstall the community package n8n-nodes-28inter so that npm installs sharp's binaries for this platform " +
				'(the npm package @img/sharp-<platform>-<arch>, for example @img/sharp-linux-x64, or @img/sharp-linuxmusl-x64 on Alpine), ' +
				'or turn Fit Images off and send only GIF or JPEG images that together fit within 100 KB.',
		);
		this.name = 'SharpUnavailableError';
	}
}

/** sharp's own load error is many lines of advice for developers; its first line says what failed. */
function firstLine(error: unknown): string {
	const text = error instanceof Error ? error.message : String(error);
	return text.split('\n', 1)[0].trim() || 'unknown error';
}

let loaded: Sharp | undefined;

export const loadSharp: SharpLoader = () => {
	if (loaded !== undefined) return loaded;
	try {
		// A require inside the function, not an import at the top: the compiled package is CommonJS,
		// and only this call (never the node's loading) touches sharp's native binaries.
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		loaded = require('sharp') as Sharp;
	} catch (error) {
		throw new SharpUnavailableError(firstLine(error));
	}
	return loaded;
};
