/**
 * A made-up but well-formed value for `Fn::GetAtt` on a resource the runner does not deploy, so that
 * references to IAM roles, functions and the like resolve. Deterministic: the same resource always gets
 * the same value, so resolved properties compare equal from one deployment to the next.
 */
export function simulatedAttribute(
  resourceType: string,
  physicalId: string,
  attribute: string,
  env: { readonly region: string; readonly account: string },
): string {
  if (attribute === 'Arn' || attribute.endsWith('Arn')) return simulatedArn(resourceType, physicalId, env);
  return `${physicalId}.${attribute}`;
}

function simulatedArn(resourceType: string, physicalId: string, { region, account }: { region: string; account: string }): string {
  const [, service = 'custom', kind = 'resource'] = resourceType.split('::');
  switch (resourceType) {
    case 'AWS::IAM::Role': return `arn:aws:iam::${account}:role/${physicalId}`;
    case 'AWS::IAM::Policy': return `arn:aws:iam::${account}:policy/${physicalId}`;
    case 'AWS::Lambda::Function': return `arn:aws:lambda:${region}:${account}:function:${physicalId}`;
    case 'AWS::Logs::LogGroup': return `arn:aws:logs:${region}:${account}:log-group:${physicalId}:*`;
    case 'AWS::StepFunctions::StateMachine': return `arn:aws:states:${region}:${account}:stateMachine:${physicalId}`;
    default: return `arn:aws:${service.toLowerCase()}:${region}:${account}:${kind.toLowerCase()}/${physicalId}`;
  }
}
