import { DX_LAGS } from '../emulator/services/directconnect-fixture';

/**
 * The physical id, and so the value of `Ref`, that the runner gives a resource it simulates rather than
 * deploys. For most types a made-up `<logicalId>-sim` is enough: nothing reads it but other simulated
 * resources. A type whose `Ref` a library construct turns into a call on the emulator gets the value
 * CloudFormation would return for a resource that exists there.
 */
export function simulatedPhysicalId(
  resourceType: string,
  logicalId: string,
  properties: Record<string, unknown>,
  env: { readonly region: string; readonly account: string },
): string {
  if (resourceType === 'AWS::DirectConnect::Lag') return simulatedLagArn(logicalId, properties, env);
  return `${logicalId}-sim`;
}

/**
 * `Ref` of an `AWS::DirectConnect::Lag` returns the LAG's ARN (the CloudFormation resource reference,
 * AWS::DirectConnect::Lag "Return values": Ref returns the ARN; aws-cdk-lib 2.257's generated
 * `CfnLag.lagRef.lagArn` is that `Ref`), `arn:<partition>:directconnect:<region>:<account>:dxlag/<id>`.
 *
 * The emulator has no CreateLag, so the runner does not create one: a `CfnLag` stands for the seeded LAG of
 * the same `LagName` (local/emulator/services/directconnect-fixture.ts), which exists in every region of the
 * emulator, owned by its seed's account. A name no seed has fails the deployment, naming the seeds.
 */
function simulatedLagArn(logicalId: string, properties: Record<string, unknown>, env: { readonly region: string }): string {
  const name = properties.LagName;
  const seed = DX_LAGS.find((l) => l.lagName === name);
  if (!seed) {
    throw new Error(`${logicalId} (AWS::DirectConnect::Lag): the runner simulates a LAG by the emulator's seeded LAG of the same LagName, ` +
      `and none is named '${String(name)}'. Use one of: ${DX_LAGS.map((l) => l.lagName).join(', ')}.`);
  }
  return `arn:aws:directconnect:${env.region}:${seed.ownerAccount}:dxlag/${seed.lagId}`;
}
