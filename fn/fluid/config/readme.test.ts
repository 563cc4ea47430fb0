// The README's configuration table must describe exactly the schema's options and defaults.
import schema from '../../../schemas/inject-fluid-sidecar.schema.json';
import { describeConfigTable } from '../../../test/support/readme-config-table';

describeConfigTable('README config reference', 'config-reference', schema);
