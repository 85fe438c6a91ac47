import { defineRule } from './defineRule';

export default defineRule({
  id: 'helm-template-skipped',
  defaultSeverity: 'hint',
  category: 'syntax',
  scope: 'file',
  reads: [],
  summary:
    'A Helm (Go) template that mentions EKS networking resources was skipped, because as written it is not YAML.',
  rationale:
    "Helm templates only become YAML once rendered with their values. eksnet does not run Helm, so it says once per file that it skipped the template instead of reporting parse errors on every `{{ }}`. Lint the chart's values files (`env:` and `init.env` of the aws-vpc-cni chart are understood) or the rendered output (`helm template ... > rendered.yaml`).",
  messages: {
    skipped: 'Helm template skipped: eksnet checks the rendered manifests and the chart values, not templates.',
  },
  references: ['https://helm.sh/docs/chart_template_guide/'],
  sources: ['helm'],
  check(ctx) {
    for (const file of ctx.files.values()) {
      if (file.template && file.relevant)
        ctx.report({ at: { file: file.id, span: { start: 0, end: 0 } }, messageId: 'skipped' });
    }
  },
});
