import * as iam from 'aws-cdk-lib/aws-iam';
import { isCompleteMay } from './is-complete-permissions';

/** The two roles a `HandlerPrincipal` passes statements to. */
export interface HandlerRoles {
  readonly onEvent: iam.IRole;
  readonly isComplete: iam.IRole;
}

/**
 * The principal constructs grant to (`provider.role`): a statement goes to the onEvent role whole, and to
 * the isComplete role with only the actions isComplete may perform (see `isCompleteMay`). Every statement is
 * kept, so that when the provider is configured after a construct granted, the roles it builds then get
 * the same statements.
 */
export class HandlerPrincipal implements iam.IPrincipal {
  public readonly grantPrincipal: iam.IPrincipal = this;
  public readonly assumeRoleAction = 'sts:AssumeRole';
  private readonly statements: iam.PolicyStatement[] = [];

  constructor(private readonly roles: () => HandlerRoles) {}

  /** The onEvent role's: a resource policy that trusts the handlers names the role that writes. */
  public get policyFragment(): iam.PrincipalPolicyFragment {
    return this.roles().onEvent.policyFragment;
  }

  public get principalAccount(): string | undefined {
    return this.roles().onEvent.principalAccount;
  }

  public addToPolicy(statement: iam.PolicyStatement): boolean {
    return this.addToPrincipalPolicy(statement).statementAdded;
  }

  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    this.statements.push(statement);
    return this.apply(statement);
  }

  /** Give the (re)built roles every statement granted so far. */
  public replay(): void {
    for (const statement of this.statements) this.apply(statement);
  }

  private apply(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    const { onEvent, isComplete } = this.roles();
    const result = onEvent.addToPrincipalPolicy(statement);
    const actions = statement.actions.filter(isCompleteMay);
    if (actions.length > 0) isComplete.addToPrincipalPolicy(statement.copy({ actions }));
    return result;
  }
}
