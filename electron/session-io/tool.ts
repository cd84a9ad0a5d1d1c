// The tool's name and version as session file headers state them; the version comes from package.json,
// so a release bump needs no second edit.
import packageJson from '../../package.json';

export const TOOL: { readonly name: string; readonly version: string } = {
  name: 'sio-inspector',
  version: packageJson.version,
};
