import type { SourceFile } from '../sourceFile';
import type { NetworkModel } from '../types';
import { type LNode, get, isScalar, isSeq, str } from '../../parsers/tree';
import { parseEmbeddedYaml } from '../../parsers/embedded';
import { awsNodeFromConfigValues } from './awsNodeValues';

/**
 * `addons: [{name: vpc-cni, configurationValues: '...'}]`: the vpc-cni add-on's configuration is a
 * JSON or YAML string with the same `env` / `init.env` shape as the chart's values. It is parsed in
 * place; a literal block keeps exact spans, any other style puts findings on the whole string.
 * The configuration belongs to the ClusterConfig's cluster (`clusterKey`), as an EKS add-on does.
 */
export function eksctlAddons(file: SourceFile, root: LNode, clusterKey: string, out: NetworkModel): void {
  const addons = get(root, 'addons');
  if (!isSeq(addons)) return;
  for (const addon of addons.items) {
    if (str(get(addon, 'name')) !== 'vpc-cni') continue;
    const values = get(addon, 'configurationValues');
    if (!isScalar(values) || typeof values.value !== 'string' || values.value.trim() === '') continue;
    const embedded = parseEmbeddedYaml(file.text, values);
    const doc = embedded?.parsed.documents.find((d) => d.root);
    if (!embedded || !doc?.root) continue;
    for (const env of awsNodeFromConfigValues(file, doc.root, 'addon-config', !embedded.exact))
      out.awsNode.push({ ...env, cluster: clusterKey });
  }
}
