/**
 * Partitions as AWS defines them, for the emulator's own use (it never reads the library's tables): which
 * partition a signing region belongs to (botocore `partitions.json`, `regionRegex`), and where the services
 * with one home region per partition live (botocore `endpoints.json`). `test/local/emulator/partitions.test.ts`
 * checks these against the botocore data installed on the machine.
 */
export const PARTITION_REGION_REGEX: Readonly<Record<string, RegExp>> = {
  'aws-cn': /^cn-\w+-\d+$/,
  'aws-us-gov': /^us-gov-\w+-\d+$/,
  'aws-iso': /^us-iso-\w+-\d+$/,
  'aws-iso-b': /^us-isob-\w+-\d+$/,
  'aws-iso-e': /^eu-isoe-\w+-\d+$/,
  'aws-iso-f': /^us-isof-\w+-\d+$/,
  'aws-eusc': /^eusc-(de)-\w+-\d+$/,
  'aws': /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/,
};

/** The partition of a region, or undefined for a name no partition claims. */
export function partitionOf(region: string): string | undefined {
  return Object.entries(PARTITION_REGION_REGEX).find(([, re]) => re.test(region))?.[0];
}

/**
 * `endpoints.json` -> partitions[].services.networkmanager: `partitionEndpoint` `aws-global` with
 * `credentialScope.region` us-west-2, and `aws-us-gov-global` with us-gov-west-1; no other partition lists it.
 */
export const NETWORK_MANAGER_HOME_REGIONS: Readonly<Record<string, string>> = {
  'aws': 'us-west-2',
  'aws-us-gov': 'us-gov-west-1',
};

/**
 * `endpoints.json` -> partitions[].services.iotwireless: endpoints in the `aws` partition only
 * (ap-northeast-1, ap-southeast-2, eu-west-1, us-east-1, us-west-2).
 */
export const IOT_WIRELESS_REGIONS: Readonly<Record<string, readonly string[]>> = {
  aws: ['ap-northeast-1', 'ap-southeast-2', 'eu-west-1', 'us-east-1', 'us-west-2'],
};

/**
 * Where Amazon Sidewalk partner accounts are served: us-east-1, the one region of the AWS IoT Core for Amazon
 * Sidewalk endpoints page (docs: https://docs.aws.amazon.com/general/latest/gr/iot-lorawan.html, "AWS IoT Core for Amazon Sidewalk can only be used in the AWS Region us-east-1").
 */
export const SIDEWALK_REGIONS: Readonly<Record<string, string>> = {
  aws: 'us-east-1',
};
