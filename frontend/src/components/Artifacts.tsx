/**
 * A job's output files: audio and video play inline (from their presigned URLs, which need no API key),
 * everything can be downloaded.
 */
import { useTranslation } from "react-i18next";
import type { Artifact } from "../api/types";
import { formatBytes } from "../format";

export function ArtifactView({ artifact }: { artifact: Artifact }) {
  const { t } = useTranslation();
  const url = artifact.url ?? undefined;
  const type = artifact.content_type;
  return (
    <figure className="artifact" data-testid="artifact">
      {url && type.startsWith("audio/") && <audio controls preload="metadata" src={url} />}
      {url && type.startsWith("video/") && <video controls playsInline preload="metadata" src={url} />}
      {url && type.startsWith("image/") && <img src={url} alt={artifact.name} loading="lazy" />}
      <figcaption>
        <span className="mono">{artifact.name}</span> · {type} · {formatBytes(artifact.size)}
        {url && (
          <>
            {" · "}
            <a href={url} download={artifact.name}>{t("common.download")}</a>
          </>
        )}
      </figcaption>
    </figure>
  );
}

export function ArtifactList({ artifacts }: { artifacts: Artifact[] }) {
  return (
    <div className="artifact-list">
      {artifacts.map((artifact) => <ArtifactView key={artifact.id} artifact={artifact} />)}
    </div>
  );
}
