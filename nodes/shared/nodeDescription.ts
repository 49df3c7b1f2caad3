import type { Icon, IDisplayOptions, INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

/** Both nodes show the same icon (from dist/nodes/<Node>/ to the one icons/ folder). */
export const NODE_ICON: Icon = { light: 'file:../../icons/inter28.svg', dark: 'file:../../icons/inter28.dark.svg' };

/** Both nodes use the one credential, tested by the shared credential test. */
export const NODE_CREDENTIALS: INodeCredentialDescription[] = [{ name: 'inter28Api', required: true, testedBy: 'inter28ApiTest' }];

/** The "Options" collection every operation (and the trigger) puts its optional settings in. */
export function optionsCollection(options: INodeProperties[], show?: IDisplayOptions['show']): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		...(show === undefined ? {} : { displayOptions: { show } }),
		options,
	};
}
