/** CheckConfig, DiffConfig and Configure of the `webhooks` plugin: the per-vendor provider config. */
import type * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { useProviderConfig, type PropertyChange } from "../core/native-adapter";
import { unwrapSecrets } from "../core/sanitize";
import { parseProviderConfig, withSecretsMarked } from "./config";
import { diffResponse } from "./diff-response";
import type { ProtoModules } from "./proto";
import { fromStruct, ProtocolError, toStruct } from "./wire";

type Props = Record<string, unknown>;

export function configHandlers(proto: ProtoModules) {
  const p = proto.provider;
  return {
    async checkConfig(request: provproto.CheckRequest): Promise<provproto.CheckResponse> {
      const news = fromStruct(request.getNews());
      const { objects, failures } = parseProviderConfig(unwrapSecrets(news) as Props);
      const inputs = failures.length ? news : withSecretsMarked(objects, news);
      return new p.CheckResponse()
        .setInputs(toStruct(proto, inputs))
        .setFailuresList(
          failures.map((f) => new p.CheckFailure().setProperty(f.property).setReason(f.reason)),
        );
    },

    async diffConfig(request: provproto.DiffRequest): Promise<provproto.DiffResponse> {
      const olds = parseProviderConfig(unwrapSecrets(fromStruct(request.getOlds())) as Props).objects;
      const news = parseProviderConfig(unwrapSecrets(fromStruct(request.getNews())) as Props).objects;
      const detailed: Record<string, PropertyChange> = {};
      for (const vendor of new Set([...Object.keys(olds), ...Object.keys(news)])) {
        if (JSON.stringify(olds[vendor]) === JSON.stringify(news[vendor])) continue;
        detailed[vendor] =
          olds[vendor] === undefined ? "add" : news[vendor] === undefined ? "delete" : "update";
      }
      // New credentials or endpoints apply to the same webhooks: never a replacement.
      return diffResponse(proto, {
        changes: Object.keys(detailed).length > 0,
        replaces: [],
        deleteBeforeReplace: false,
        detailed,
      });
    },

    async configure(request: provproto.ConfigureRequest): Promise<provproto.ConfigureResponse> {
      const values: Props = request.hasArgs() ? fromStruct(request.getArgs()) : {};
      if (!request.hasArgs())
        request.getVariablesMap().forEach((value, key) => (values[key.replace(/^webhooks:/, "")] = value));
      const { objects, failures } = parseProviderConfig(unwrapSecrets(values) as Props);
      if (failures.length)
        throw new ProtocolError(proto.grpc.status.INVALID_ARGUMENT, failures.map((f) => f.reason).join("; "));
      useProviderConfig(objects);
      // Preview echoes the checked inputs: the provider is never asked to simulate a create or update.
      return new p.ConfigureResponse()
        .setAcceptsecrets(true)
        .setAcceptresources(false)
        .setAcceptoutputs(false)
        .setSupportspreview(false);
    },
  };
}
