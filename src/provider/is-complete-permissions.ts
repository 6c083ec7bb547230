/**
 * Which of the handlers' permissions the isComplete function gets too. onEvent gets every permission a
 * construct grants; isComplete, which only polls, gets the reads of the library's services, and the few
 * writes that an isComplete path really makes, each listed here with the path that makes it.
 *
 * Constructs grant through the provider without saying which function needs what; this is where it is
 * decided, so that a construct's call site never changes when the split does.
 */

/** Reads of the services the handlers manage: every isComplete path polls with them. */
const IS_COMPLETE_READS = /^(directconnect|interconnect|networkmanager|iotwireless):(Describe|Get|List)[A-Za-z]*$/;

/**
 * The writes isComplete makes, and why. Secret reads (`secretsmanager:GetSecretValue`, `kms:Decrypt`) are
 * left out on purpose: only onEvent reads a secret (the proposal's activation key, the Sidewalk key).
 */
export const IS_COMPLETE_WRITES: Readonly<Record<string, string>> = {
  'directconnect:UntagResource': 'A hosted connection or virtual interface move ends in isComplete: once the move is seen, ' +
    'it removes the move record (a tag) it wrote on the target (association-lifecycle.ts, clearRecord).',
  'secretsmanager:PutSecretValue': 'The activation key appears only once the connection has one; the isComplete that reads ' +
    'it writes it into the construct\'s own secret (connection-activation-key-handler.ts).',
  'kms:GenerateDataKey': 'Secrets Manager asks KMS for a data key on the caller\'s behalf when that PutSecretValue ' +
    'puts a value into a secret encrypted with a customer managed key.',
};

/** Whether the isComplete function may perform `action` as well as onEvent. */
export function isCompleteMay(action: string): boolean {
  return IS_COMPLETE_READS.test(action) || Object.prototype.hasOwnProperty.call(IS_COMPLETE_WRITES, action);
}
