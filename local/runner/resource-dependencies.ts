import type { CfnResource } from './read-cloud-assembly';

/**
 * For each resource, the resources it must come after: its `DependsOn` and every resource its properties
 * reference (`Ref`, `Fn::GetAtt`, `${...}` in `Fn::Sub`), as CloudFormation orders a stack operation.
 * Throws when the references form a cycle, naming it.
 */
export function resourceDependencies(resources: Record<string, CfnResource>): Map<string, Set<string>> {
  const ids = new Set(Object.keys(resources));
  const deps = new Map<string, Set<string>>();
  for (const [logicalId, resource] of Object.entries(resources)) {
    const found = new Set<string>();
    const dependsOn = resource.DependsOn === undefined ? [] : ([] as string[]).concat(resource.DependsOn);
    for (const d of dependsOn) found.add(d);
    collectReferences(resource.Properties, found);
    deps.set(logicalId, new Set([...found].filter((d) => ids.has(d) && d !== logicalId)));
  }
  assertAcyclic(deps);
  return deps;
}

function collectReferences(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const v of value) collectReferences(v, into);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [key, arg] = entries[0];
    if (key === 'Ref' && typeof arg === 'string') {
      into.add(arg);
      return;
    }
    if (key === 'Fn::GetAtt') {
      if (typeof arg === 'string') into.add(arg.split('.')[0]);
      else if (Array.isArray(arg) && typeof arg[0] === 'string') into.add(arg[0]);
      collectReferences(arg, into);
      return;
    }
    if (key === 'Fn::Sub') {
      const [text, variables] = Array.isArray(arg) ? arg : [arg, {}];
      const explicit = new Set(Object.keys((variables ?? {}) as object));
      if (typeof text === 'string') {
        for (const match of text.matchAll(/\$\{([^!}][^}]*)\}/g)) {
          const name = match[1].trim().split('.')[0];
          if (!explicit.has(name) && !name.startsWith('AWS::')) into.add(name);
        }
      }
      collectReferences(variables, into);
      return;
    }
  }
  for (const [, v] of entries) collectReferences(v, into);
}

function assertAcyclic(deps: Map<string, Set<string>>): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, trail: string[]) => {
    const seen = state.get(id);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(id)), id];
      throw new Error(`Circular dependency between resources: ${cycle.join(' -> ')}.`);
    }
    state.set(id, 'visiting');
    for (const d of deps.get(id) ?? []) visit(d, [...trail, id]);
    state.set(id, 'done');
  };
  for (const id of deps.keys()) visit(id, []);
}
