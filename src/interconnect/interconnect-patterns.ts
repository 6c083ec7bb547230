/**
 * The forms the Interconnect API model gives its ids and values; the constructs check them at synth time.
 */
export const CONNECTION_ID_PATTERN = /(mcc|lmcc)-[a-z0-9]{8}/;
export const CONNECTION_ARN_PATTERN = /arn:aws[a-z-]*:interconnect:[^:]+:[0-9]{12}:connection\/(mcc|lmcc)-[a-z0-9]{8}/;
export const CONNECTION_ARN_EXPECTED = 'arn:aws:interconnect:<region>:<12-digit account>:connection/<mcc|lmcc>-<8 lower-case letters or digits>';
export const BANDWIDTH_PATTERN = /\d+[MG]bps/;
export const DESCRIPTION_PATTERN = /[-a-zA-Z0-9_ ]+/;
export const REMOTE_ACCOUNT_PATTERN = /[-a-zA-Z0-9_@.]+/;
export const DIRECT_CONNECT_GATEWAY_ID_PATTERN = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/;
