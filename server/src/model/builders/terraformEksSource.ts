/**
 * Whether a module source is terraform-aws-modules/eks, whose inputs eksnet maps from built-in
 * knowledge (terraformEksModule.ts). Apart from that file so that the Terraform evaluator service
 * can ask it without importing the builders the module mapping needs.
 */
const EKS_MODULE =
  /^(registry\.terraform\.io\/|app\.terraform\.io\/[^/]+\/)?terraform-aws-modules\/eks\/aws$|github\.com\/terraform-aws-modules\/terraform-aws-eks(\.git)?(\?.*)?$/;

export function isEksModule(source: string): boolean {
  return EKS_MODULE.test(source);
}
