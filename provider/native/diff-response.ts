import type * as provproto from "@pulumi/pulumi/proto/provider_pb";
import type { NativeDiff, PropertyChange } from "../core/native-adapter";
import type { ProtoModules } from "./proto";

/** A diff as the engine reads it, with the detailed diff it shows per property. */
export function diffResponse(proto: ProtoModules, diff: NativeDiff): provproto.DiffResponse {
  const p = proto.provider;
  const { Kind } = p.PropertyDiff;
  const kinds: Record<PropertyChange, provproto.PropertyDiff.Kind> = {
    add: Kind.ADD,
    "add-replace": Kind.ADD_REPLACE,
    delete: Kind.DELETE,
    "delete-replace": Kind.DELETE_REPLACE,
    update: Kind.UPDATE,
    "update-replace": Kind.UPDATE_REPLACE,
  };
  const response = new p.DiffResponse()
    .setChanges(diff.changes ? p.DiffResponse.DiffChanges.DIFF_SOME : p.DiffResponse.DiffChanges.DIFF_NONE)
    .setReplacesList(diff.replaces)
    .setDeletebeforereplace(diff.deleteBeforeReplace)
    .setDiffsList(Object.keys(diff.detailed))
    .setHasdetaileddiff(true);
  for (const [key, change] of Object.entries(diff.detailed))
    response.getDetaileddiffMap().set(key, new p.PropertyDiff().setKind(kinds[change]).setInputdiff(true));
  return response;
}
