import { defineRule } from './defineRule';

export default defineRule({
  id: 'syntax-error',
  defaultSeverity: 'error',
  category: 'syntax',
  scope: 'file',
  reads: [],
  summary:
    'A file eksnet reads (an ENIConfig, aws-node manifest, eksctl config, template or Terraform file) does not parse.',
  rationale:
    "A file that does not parse is not applied by kubectl, eksctl, CloudFormation or Terraform, and eksnet cannot check what it says. The message is the parser's own, at the position it gave. Files that have nothing to do with EKS networking are left to other tools and are not reported.",
  messages: { parse: '{{message}}' },
  references: ['https://yaml.org/spec/1.2.2/'],
  sources: ['yaml', 'json', 'terraform'],
  check(ctx) {
    for (const file of ctx.files.values()) {
      // A problem that is not an error (eksnet's own limits, such as nesting depth) keeps its lower severity.
      for (const p of file.problems)
        ctx.report({
          at: { file: file.id, span: p.span },
          messageId: 'parse',
          data: { message: p.message },
          ...(p.severity !== 'error' ? { severity: p.severity } : {}),
        });
    }
  },
});
