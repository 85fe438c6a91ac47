import type { Builder } from './builder';
import { emptyModel, type NetworkModel } from '../types';
import { parseHcl, hclLoadFailure } from '../../parsers/hcl';
import { parseHclJson } from '../../parsers/hclJson';
import { attr } from '../../parsers/hclAst';
import { evaluate } from '../../evaluators/terraform/evaluate';
import type { TfModule } from '../../evaluators/terraform/module';
import { asString } from '../../evaluators/terraform/values';
import type { TerraformEvaluation } from '../evaluation/terraform';
import { dirOf, isInstalled, isTf, moduleCalls } from '../evaluation/terraformFolders';
import { modelFromModule } from './terraformResources';
import { isVpcModule, vpcModuleModel } from './terraformVpcModule';
import { eksAddonResources, helmReleaseCni, moduleCallCni } from './terraformAddon';
import { eksModuleModel } from './terraformEksModule';
import { isEksModule } from './terraformEksSource';
import { pushAll } from '../../base/arrays';
import { securityFromModule } from './terraformSecurity';
import { eksModuleSecurity } from './terraformEksSecurity';
import { vpcModuleSecurity } from './terraformVpcModuleSecurity';

/**
 * Terraform. `file` parses one .tf/.tfvars file (syntax problems only) into `file.hcl`; evaluation
 * needs every file of the folder (one module), so it happens in `refine`: the Terraform evaluator
 * service (model/evaluation/terraform.ts) evaluates the folder once per change of its files, and
 * this builder maps the module to model items once per evaluation, giving each file the items
 * declared in it.
 */
const FRAGMENTS = Symbol('terraform fragments by file');

/** The model items of an evaluated root folder, per .tf file that declares them. */
function fragmentsOf(ev: TerraformEvaluation): Map<string, NetworkModel> {
  const model = emptyModel();
  const keyOf = (address: string) => `terraform:${ev.dir}#${address}`;
  buildModule(ev.module, keyOf, model);
  // The installed copy of a module is not the user's to edit (init overwrites it): no fix goes there.
  for (const list of [model.vpcs, model.subnets, model.clusters])
    for (const item of list as { editAt?: { file: string } }[])
      if (item.editAt && isInstalled(item.editAt.file)) delete item.editAt;
  // Each item goes into the fragment of the .tf file that declares it; items located elsewhere
  // (a subnet whose CIDR literal sits in terraform.tfvars) go with the folder's first .tf file.
  const tfIds = ev.files.filter(isTf).map((f) => f.id);
  const isOwn = new Set(tfIds);
  const byFile = new Map<string, NetworkModel>();
  for (const list of Object.keys(model) as (keyof NetworkModel)[]) {
    for (const item of model[list] as { at?: { file: string } }[]) {
      const file = item.at && isOwn.has(item.at.file) ? item.at.file : tfIds[0];
      if (!file) continue;
      let m = byFile.get(file);
      if (!m) byFile.set(file, (m = emptyModel()));
      (m[list] as unknown[]).push(item);
    }
  }
  return byFile;
}

function buildModule(mod: TfModule, keyOf: (a: string) => string, out: NetworkModel): void {
  const calls = [...mod.calls].map(([name, call]) => {
    const env = mod.env(call.file);
    const src = attr(call.block.body, 'source');
    return { name, call, env, source: (src ? asString(evaluate(src.expr, env)) : undefined) ?? '' };
  });
  // Subnets come first (vpc modules, then resources), so that clusters and node groups declared
  // anywhere in the folder find the VPC of the subnets they use.
  // A call with count or for_each maps once per instance (`module.vpc[0]`); an unknown count maps nothing.
  const each = (name: string) => mod.callInstances(name) ?? [];
  for (const c of calls)
    if (isVpcModule(c.source))
      for (const i of each(c.name)) {
        vpcModuleModel(mod, i.decl, i.env, keyOf, out);
        vpcModuleSecurity(mod, i.decl, i.env, keyOf, out);
      }
  modelFromModule(mod, keyOf, out);
  eksAddonResources(mod, keyOf, new Set(calls.filter((c) => isEksModule(c.source)).map((c) => c.name)), out);
  helmReleaseCni(mod, out);
  const security = securityFromModule(mod, keyOf, out);
  for (const c of calls) {
    if (isEksModule(c.source))
      for (const i of each(c.name)) {
        eksModuleModel(mod, i.decl, i.env, keyOf, out);
        eksModuleSecurity(mod, i.decl, i.env, security, keyOf, out);
      }
    // Local folders, and other sources `terraform init` installed (the host finds their folder).
    else if (!isVpcModule(c.source)) {
      const children = mod.childInstances(c.name);
      for (const child of children) buildModule(child, keyOf, out);
      // A module whose code is not here: its add-ons input may still configure the VPC CNI.
      if (!children.length) for (const i of each(c.name)) moduleCallCni(mod, i.decl, i.env, out);
    }
  }
}

export const terraformBuilder: Builder = {
  name: 'terraform',
  file(file) {
    if (file.syntax !== 'hcl' && file.syntax !== 'hcl-json') return false;
    const parsed =
      file.syntax === 'hcl' ? parseHcl(file.text) : parseHclJson(file.text, /\.tfvars\.json$/i.test(file.id));
    if (!parsed) {
      // Not loaded yet: Engine.ready() rebuilds the file. Failed to load: say so on every
      // Terraform file, or a broken install would look like a clean workspace.
      const failure = hclLoadFailure();
      if (failure === undefined) return false;
      file.problems.push({
        message: `Terraform files cannot be analysed: the Terraform parser could not be loaded (${failure}).`,
        span: { start: 0, end: 0 },
        severity: 'error',
      });
      return true;
    }
    file.hcl = parsed;
    pushAll(file.problems, parsed.problems);
    return true;
  },
  refine(file, ctx) {
    if (!isTf(file)) return undefined;
    // A folder another folder calls as a local module is evaluated as that call's child only: undefined here.
    const byFile = ctx.evaluators.terraform.readRoot(ctx, dirOf(file.id), FRAGMENTS, fragmentsOf);
    return byFile?.get(file.id) ?? emptyModel();
  },
  inputs(file, ctx) {
    if (!isTf(file)) return undefined;
    return ctx.evaluators.terraform.rootInputs(ctx, dirOf(file.id));
  },
  structure(file) {
    return file.syntax === 'hcl' ? moduleCalls(file) : undefined;
  },
};
