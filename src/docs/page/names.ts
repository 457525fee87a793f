// Names shared by the page script (browser) and the build and sandbox code (Node) that write them.

/** The id of the <script type="application/json"> holding the SiteConfig (read by the page script). */
export const CONFIG_ID = 'docs-site-config';
/** The meta tag that marks the page served by the local sandbox (content: its demo credentials as JSON). */
export const LOCAL_META = 'customers-api-local-sandbox';
