// The naive peer for Sendblue's Webhook entry: a dynamic provider as commonly written in a user's program. Key pair
// and base URL are captured in the closure (so serialized into every resource's __provider); global fetch per call;
// one GET of the account document per read. Sendblue appends with POST and removes by url with DELETE; there is no
// entry update, so a changed secret or url is a delete, then an add.
"use strict";

exports.makeProvider = function makeProvider(config) {
  const base = `${config.baseUrl}/api/v2/account/webhooks`;
  const headers = {
    "content-type": "application/json",
    "sb-api-key-id": config.apiKeyId,
    "sb-api-secret-key": config.apiSecretKey,
  };
  const call = async (method, body) => {
    const res = await fetch(base, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok && !(method === "DELETE" && res.status === 404))
      throw new Error(`Sendblue ${method} failed: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  const urlOf = (entry) => (typeof entry === "string" ? entry : entry.url);
  return {
    diff: async (_id, olds, news) => {
      const changed = ["type", "url", "secret"].filter(
        (key) => JSON.stringify(olds[key]) !== JSON.stringify(news[key]),
      );
      return { changes: changed.length > 0, replaces: changed, deleteBeforeReplace: true };
    },
    create: async (inputs) => {
      await call("POST", {
        type: inputs.type,
        webhooks: [inputs.secret ? { url: inputs.url, secret: inputs.secret } : inputs.url],
      });
      return {
        id: `${inputs.type} ${inputs.url}`,
        outs: { type: inputs.type, url: inputs.url, secret: inputs.secret },
      };
    },
    read: async (id, props) => {
      const { webhooks } = await call("GET");
      const found = (webhooks[props.type] || []).find((entry) => urlOf(entry) === props.url);
      if (!found) return {};
      return { id, props: { ...props, secret: typeof found === "string" ? props.secret : found.secret } };
    },
    delete: async (_id, props) => {
      await call("DELETE", { type: props.type, webhooks: [props.url] });
    },
  };
};
