// The naive peer for Conversant (Kazoo crossbar v1): a dynamic provider as commonly written in a user's program.
// Auth token, account id and base URL are captured in the closure (so serialized into every resource's __provider);
// global fetch per call; one GET per read; PUT creates, POST replaces, DELETE deletes; the `{data: ...}` envelope.
"use strict";

exports.makeProvider = function makeProvider(config) {
  const base = `${config.baseUrl}/v1/accounts/${config.accountId}/webhooks`;
  const headers = { "content-type": "application/json", "x-auth-token": config.authToken };
  const call = async (method, path, body) => {
    const res = await fetch(base + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify({ data: body }),
    });
    const text = await res.text();
    if (!res.ok && !(res.status === 404 && (method === "DELETE" || method === "GET")))
      throw new Error(`Conversant ${method} ${path} failed: ${res.status} ${text}`);
    return res.status === 404 ? undefined : text ? JSON.parse(text) : undefined;
  };
  const doc = (inputs) => ({
    name: inputs.name,
    uri: inputs.url,
    hook: inputs.hook,
    http_verb: "post",
    retries: inputs.retries,
    custom_data: inputs.customData,
  });
  const outs = (data) => ({
    name: data.name,
    url: data.uri,
    hook: data.hook,
    retries: data.retries,
    customData: data.custom_data,
  });
  return {
    diff: async (_id, olds, news) => ({
      changes: ["name", "url", "hook", "retries", "customData"].some(
        (key) => JSON.stringify(olds[key]) !== JSON.stringify(news[key]),
      ),
    }),
    create: async (inputs) => {
      const { data } = await call("PUT", "", doc(inputs));
      return { id: data.id, outs: outs(data) };
    },
    read: async (id, props) => {
      const body = await call("GET", `/${id}`);
      if (!body) return {};
      return { id, props: { ...props, ...outs(body.data) } };
    },
    update: async (id, _olds, news) => {
      const { data } = await call("POST", `/${id}`, doc(news));
      return { outs: outs(data) };
    },
    delete: async (id) => {
      await call("DELETE", `/${id}`);
    },
  };
};
