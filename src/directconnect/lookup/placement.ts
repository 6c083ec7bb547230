/** Where a moved resource is now, and what it looks like. */
export interface Placement<S> {
  /** The connection, interconnect or LAG it is on; undefined when that cannot be determined. */
  readonly parentId?: string;
  readonly subject: S;
}
