// The README's JuiceFS configuration table must describe exactly the schema's options and defaults.
import schema from '../../schemas/inject-juicefs-sidecar.schema.json';
import { describeConfigTable } from '../../test/support/readme-config-table';

describeConfigTable('README JuiceFS config reference', 'juicefs-config-reference', schema);
