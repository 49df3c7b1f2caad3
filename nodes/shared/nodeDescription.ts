import type { Icon, IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** Both nodes show the same icon (from dist/nodes/<Node>/ to the one icons/ folder). */
export const NODE_ICON: Icon = { light: 'file:../../icons/inter28.svg', dark: 'file:../../icons/inter28.dark.svg' };

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
