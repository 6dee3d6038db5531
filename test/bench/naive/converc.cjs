// The naive peer for Converc: a dynamic provider as commonly written in a user's program. API key and base URL are
// captured in the closure (so serialized into every resource's __provider); global fetch per call; read lists every
// endpoint and filters (Converc has no get by id), once per resource; no update endpoint, so any change replaces.
"use strict";

exports.makeProvider = function makeProvider(config) {
  const base = `${config.baseUrl}/integrations/webhooks`;
  const headers = { "content-type": "application/json", authorization: `Bearer ${config.apiKey}` };
  const call = async (method, path, body) => {
    const res = await fetch(base + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok && !(method === "DELETE" && res.status === 404))
      throw new Error(`Converc ${method} ${path} failed: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  return {
    diff: async (_id, olds, news) => {
      const changed = ["url", "events"].filter(
        (key) => JSON.stringify(olds[key]) !== JSON.stringify(news[key]),
      );
      return { changes: changed.length > 0, replaces: changed };
    },
    create: async (inputs) => {
      const { webhook, secret } = await call("POST", "", { url: inputs.url, events: inputs.events });
      return { id: webhook.id, outs: { url: webhook.url, events: webhook.events, secret } };
    },
    read: async (id, props) => {
      const { webhooks } = await call("GET", "");
      const found = webhooks.find((endpoint) => endpoint.id === id && endpoint.isActive);
      if (!found) return {};
      return { id, props: { ...props, url: found.url, events: found.events } };
    },
    delete: async (id) => {
      await call("DELETE", `/${id}`);
    },
  };
};
