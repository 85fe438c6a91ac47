/**
 * An aws-node DaemonSet patch (no image, so it reads as a patch, not a complete manifest) with the
 * given env, in the layout of the shipped manifest. Tests that only need "the workspace sets these
 * CNI variables" share it instead of each spelling the manifest out.
 */
export function awsNodePatch(env: Record<string, string>): string {
  return `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: aws-node
  namespace: kube-system
spec:
  template:
    spec:
      containers:
        - name: aws-node
          env:
${Object.entries(env)
  .map(([k, v]) => `            - name: ${k}\n              value: "${v}"`)
  .join('\n')}
`;
}
