/** Pure: shared by the server's schemas and the settings forms. */

/**
 * Ids of things an admin adds (boards, PBX connections, webhook sources). The HTML `pattern` twin is
 * ID_INPUT_PATTERN: browsers compile `pattern` with the `v` flag, where a `-` in a class needs escaping.
 */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const ID_INPUT_PATTERN = '[a-z0-9][a-z0-9\\-]{0,62}';
export const ID_RULE =
  'Use lowercase letters, digits and dashes (at most 63), starting with a letter or digit';
