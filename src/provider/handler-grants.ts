import { Token } from 'aws-cdk-lib';
import { ScopedGrant } from './scoped-grant';

/**
 * The character budget for one handler role's inline policy. IAM's limit for a role's inline policies is
 * 10,240 characters (whitespace excluded); this leaves room for the statements CDK adds itself.
 */
export const POLICY_CHARACTER_BUDGET = 7_000;

/** An estimate of a resolved ARN's deployed length: tokens stand for region, account and partition. */
const ESTIMATED_TOKEN_ARN_LENGTH = 110;

interface GrantGroup {
  readonly actions: string[];
  readonly collapsedArn: string;
  readonly resources: Map<string, string>;
}

/** One set of actions, and its groups by the pattern their ARNs collapse to. */
interface ActionSet {
  readonly actions: string[];
  readonly byPattern: Map<string, GrantGroup>;
}

/**
 * Every construct's grants to one handler role, merged by (actions, pattern) and rendered as one policy
 * document within `POLICY_CHARACTER_BUDGET`: when the ARNs would not fit, the largest groups fall back to
 * their account/region pattern, one at a time, until the document fits.
 */
export class HandlerGrants {
  /** Every group, in the order first granted: the order of the policy's statements. */
  private readonly groups: GrantGroup[] = [];
  /** The groups by their sorted, deduplicated actions, then by pattern. */
  private readonly byActions = new Map<string, ActionSet>();
  /** The same sets by the action list as given: every construct of a type grants the same lists, in the same order. */
  private readonly byGivenActions = new Map<string, ActionSet>();

  /** Whether any grant was added. */
  public get isEmpty(): boolean {
    return this.groups.length === 0;
  }

  /** Add one grant, merged with the others of the same actions and pattern. */
  public add(grant: ScopedGrant): void {
    const given = grant.actions.join(',');
    let set = this.byGivenActions.get(given);
    if (!set) {
      const actions = [...new Set(grant.actions)].sort();
      const key = actions.join(',');
      set = this.byActions.get(key);
      if (!set) this.byActions.set(key, set = { actions, byPattern: new Map() });
      this.byGivenActions.set(given, set);
    }
    let group = set.byPattern.get(grant.collapsedArn);
    if (!group) {
      group = { actions: set.actions, collapsedArn: grant.collapsedArn, resources: new Map() };
      set.byPattern.set(grant.collapsedArn, group);
      this.groups.push(group);
    }
    // ARNs built the same way (formatArn with the same parts) are the same string, tokens included.
    for (const arn of grant.resourceArns) group.resources.set(arn, arn);
  }

  /** The policy document, with as many groups collapsed as the budget requires. */
  public render(): Record<string, unknown> {
    const collapsed = this.collapsedGroups();
    // One action as a string, as CDK renders its own statements; resources always as a list.
    const statements = this.groups.map((group) => ({
      Effect: 'Allow',
      Action: group.actions.length === 1 ? group.actions[0] : group.actions,
      Resource: collapsed.has(group) || group.resources.size === 0 ? [group.collapsedArn] : [...group.resources.values()],
    }));
    return { Version: '2012-10-17', Statement: statements };
  }

  /** Which groups fall back to their account/region pattern so that the whole document stays within budget. */
  private collapsedGroups(): Set<GrantGroup> {
    const collapsed = new Set<GrantGroup>();
    const size = (g: GrantGroup) => {
      const actions = g.actions.reduce((n, a) => n + a.length + 3, 0);
      const resources = collapsed.has(g) ? g.collapsedArn.length + 3
        : [...g.resources.values()].reduce((n, r) => n + (Token.isUnresolved(r) ? ESTIMATED_TOKEN_ARN_LENGTH : r.length + 3), 0);
      return actions + resources + 60;
    };
    const groups = [...this.groups];
    let total = groups.reduce((n, g) => n + size(g), 0);
    while (total > POLICY_CHARACTER_BUDGET) {
      const candidates = groups.filter((g) => !collapsed.has(g) && g.resources.size > 1)
        .sort((a, b) => b.resources.size - a.resources.size || a.collapsedArn.localeCompare(b.collapsedArn));
      if (candidates.length === 0) break;
      const before = size(candidates[0]);
      collapsed.add(candidates[0]);
      total += size(candidates[0]) - before;
    }
    return collapsed;
  }
}
