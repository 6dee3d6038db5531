// The naive peer for Erzycall: a dynamic provider as it is commonly written in a user's program. The API key and
// base URL are captured in the closure (so they are serialized into every resource's __provider), every call uses
// the global fetch with no keep-alive tuning, and read lists every endpoint and filters (Erzycall has no get by id),
// once per resource. No check, no retries, no idempotency. Plain CommonJS: it is serialized by Pulumi's closure
// serializer inside the fixture project, as a user's program would be.
"use strict";

exports.makeProvider = function makeProvider(config) {
  const base = `${config.baseUrl}/api/v1`;
  const headers = { "content-type": "application/json", "x-api-key": config.apiKey };
  const call = async (method, path, body) => {
    const res = await fetch(base + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok && !(method === "DELETE" && res.status === 404))
      throw new Error(`Erzycall ${method} ${path} failed: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  return {
    diff: async (_id, olds, news) => ({
      changes: ["url", "events", "description"].some(
        (key) => JSON.stringify(olds[key]) !== JSON.stringify(news[key]),
      ),
    }),
    create: async (inputs) => {
      const { data } = await call("POST", "/webhooks", {
        url: inputs.url,
        events: inputs.events,
        description: inputs.description,
      });
      return {
        id: data.id,
        outs: { url: data.url, events: data.events, description: data.description, secret: data.secret },
      };
    },
    read: async (id, props) => {
      const { data } = await call("GET", "/webhooks");
      const found = data.find((endpoint) => endpoint.id === id);
      if (!found) return {};
      return {
        id,
        props: { ...props, url: found.url, events: found.events, description: found.description },
      };
    },
    update: async (id, olds, news) => {
      const { data } = await call("PATCH", `/webhooks/${id}`, {
        url: news.url,
        events: news.events,
        description: news.description,
      });
      return {
        outs: { url: data.url, events: data.events, description: data.description, secret: olds.secret },
      };
    },
    delete: async (id) => {
      await call("DELETE", `/webhooks/${id}`);
    },
  };
};
