/**
 * AWS partitions and the regions that belong to each, as botocore's `partitions.json` defines them
 * (`regionRegex` per partition id). Both the constructs (synth-time checks, IAM ARNs) and the handlers (which
 * endpoint to call) read it, so it imports nothing: the handler bundle stays free of aws-cdk-lib.
 */
const PARTITION_REGIONS: ReadonlyArray<{ readonly partition: string; readonly regionRegex: RegExp }> = [
  { partition: 'aws-cn', regionRegex: /^cn-\w+-\d+$/ },
  { partition: 'aws-us-gov', regionRegex: /^us-gov-\w+-\d+$/ },
  { partition: 'aws-iso', regionRegex: /^us-iso-\w+-\d+$/ },
  { partition: 'aws-iso-b', regionRegex: /^us-isob-\w+-\d+$/ },
  { partition: 'aws-iso-e', regionRegex: /^eu-isoe-\w+-\d+$/ },
  { partition: 'aws-iso-f', regionRegex: /^us-isof-\w+-\d+$/ },
  { partition: 'aws-eusc', regionRegex: /^eusc-(de)-\w+-\d+$/ },
  { partition: 'aws', regionRegex: /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/ },
];

/** The partition a region belongs to (`aws`, `aws-cn`, `aws-us-gov`, ...), or undefined for a name no partition claims. */
export function partitionOfRegion(region: string | undefined): string | undefined {
  if (!region) return undefined;
  return PARTITION_REGIONS.find((p) => p.regionRegex.test(region))?.partition;
}

/** The partition an ARN names (`arn:<partition>:...`), or undefined when the text is not an ARN. */
export function partitionOfArn(arn: string | undefined): string | undefined {
  const m = /^arn:(aws[a-z-]*):/.exec(arn ?? '');
  return m ? m[1] : undefined;
}

/**
 * Where a service with one home region per partition is called from a partition: its region, or undefined
 * when the service has no endpoint there. `homeRegions` is the service's table, read from botocore's
 * `endpoints.json`.
 */
export function homeRegionIn(homeRegions: Readonly<Record<string, string>>, partition: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(homeRegions, partition) ? homeRegions[partition] : undefined;
}

/** The account an ARN names (its fifth field), or undefined when there is none. */
export function accountOfArn(arn: string | undefined): string | undefined {
  const account = (arn ?? '').split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

/**
 * The partition a deployment runs in, as a handler sees it: the stack ARN's, else the Lambda region's,
 * else `aws`.
 */
export function partitionOfDeployment(stackId: string | undefined, lambdaRegion: string | undefined): string {
  return partitionOfArn(stackId) ?? partitionOfRegion(lambdaRegion) ?? 'aws';
}
