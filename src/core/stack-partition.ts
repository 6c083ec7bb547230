import { Stack, Token } from 'aws-cdk-lib';
import { partitionOfRegion } from './aws-partitions';

/**
 * The partition a stack deploys to when synth can know it: the stack's own literal partition, else the one
 * its concrete region belongs to (whether or not `@aws-cdk/core:enablePartitionLiterals` is set), else
 * undefined for an environment-agnostic stack, which only learns it at deploy time.
 */
export function knownPartition(stack: Stack): string | undefined {
  if (!Token.isUnresolved(stack.partition)) return stack.partition;
  return Token.isUnresolved(stack.region) ? undefined : partitionOfRegion(stack.region);
}
