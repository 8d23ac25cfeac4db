/** The face check of an avatar: its photo with the detected face box and mesh drawn over it, and the figures. */
import { useTranslation } from "react-i18next";
import type { Avatar } from "../../api/types";

export function FaceCheck({ avatar }: { avatar: Avatar }) {
  const { t } = useTranslation();
  const face = avatar.face;
  const photo = avatar.photo_url ?? avatar.thumbnail_url;
  // The head crop with the detected 478-point face mesh drawn on it (what the animator will move).
  const meshUrl = avatar.mesh_url ?? null;
  return (
    <div className="face-check" data-testid="face-check">
      <h3>{t("video.faceCheck")}: <span className="ok">{t("video.faceOk")}</span></h3>
      {meshUrl && (
        <img className="photo-preview" data-testid="face-mesh" src={meshUrl}
          alt={t("video.photoOf", { name: avatar.name })} />
      )}
      {photo && (
        <div className="overlay-frame" style={{ aspectRatio: `${avatar.image_width} / ${avatar.image_height}` }}>
          <img src={photo} alt={t("video.photoOf", { name: avatar.name })} />
          {face && (
            <div
              className="face-box" data-testid="face-box" aria-hidden="true"
              style={{
                left: `${face.face_box.x * 100}%`, top: `${face.face_box.y * 100}%`,
                width: `${face.face_box.w * 100}%`, height: `${face.face_box.h * 100}%`,
              }}
            />
          )}
        </div>
      )}
      {face && (
        <dl className="facts small">
          <dt>{t("video.faceHeight")}</dt><dd>{face.face_height_px} px</dd>
          <dt>{t("video.yaw")}</dt><dd>{face.yaw_ratio.toFixed(2)}</dd>
          <dt>{t("video.roll")}</dt><dd>{face.roll_deg.toFixed(1)}°</dd>
          <dt>{t("video.brightness")}</dt><dd>{face.brightness.toFixed(0)} / 255</dd>
          <dt>{t("video.sharpness")}</dt><dd>{face.sharpness.toFixed(0)}</dd>
          <dt>{t("video.mouthGap")}</dt><dd>{face.mouth_gap.toFixed(2)}</dd>
          <dt>{t("video.matte")}</dt><dd>{avatar.has_matte ? t("common.yes") : t("common.no")}</dd>
        </dl>
      )}
    </div>
  );
}
