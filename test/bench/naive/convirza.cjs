// The naive peer for Convirza: a dynamic provider as commonly written in a user's program. Token and base URL are
// captured in the closure (so serialized into every resource's __provider); global fetch per call; one GET per read.
// Create and update answer only the id, so the naive peer returns what it sent (no read-back).
"use strict";

exports.makeProvider = function makeProvider(config) {
  const base = `${config.baseUrl}/v3`;
  const headers = { "content-type": "application/json", authorization: `Bearer ${config.token}` };
  const call = async (method, path, body) => {
    const res = await fetch(base + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (
      !res.ok &&
      !(method === "DELETE" && res.status === 404) &&
      !(method === "GET" && res.status === 404)
    ) {
      throw new Error(`Convirza ${method} ${path} failed: ${res.status} ${text}`);
    }
    return res.status === 404 ? undefined : text ? JSON.parse(text) : undefined;
  };
  const wire = (inputs) => ({
    webhook_name: inputs.name,
    webhook_endpoint: inputs.url,
    format: inputs.format,
    method: "POST",
    description: inputs.description,
  });
  return {
    diff: async (_id, olds, news) => ({
      changes: ["name", "url", "format", "description"].some(
        (key) => JSON.stringify(olds[key]) !== JSON.stringify(news[key]),
      ),
    }),
    create: async (inputs) => {
      const { data } = await call("POST", "/webhooks", wire(inputs));
      return {
        id: String(data.webhookId),
        outs: { name: inputs.name, url: inputs.url, format: inputs.format, description: inputs.description },
      };
    },
    read: async (id, props) => {
      const body = await call("GET", `/webhooks/${id}`);
      const found = body?.data;
      if (!found || found.webhook_status === "deleted") return {};
      return {
        id,
        props: {
          ...props,
          name: found.webhook_name,
          url: found.webhook_endpoint,
          format: found.format,
          description: found.description,
        },
      };
    },
    update: async (id, _olds, news) => {
      await call("PUT", `/webhooks/${id}`, wire(news));
      return { outs: { name: news.name, url: news.url, format: news.format, description: news.description } };
    },
    delete: async (id) => {
      await call("DELETE", `/webhooks/${id}`);
    },
  };
};
