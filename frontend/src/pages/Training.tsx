/**
 * Training, part 1: identity datasets. Upload a talking video (progress while it is sent), follow its
 * preprocessing live in the list, open a dataset for its report and QA previews, delete it.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { ErrorBox } from "../components/ErrorBox";
import { queries } from "../queries";
import { DatasetDetail } from "./training/DatasetDetail";
import { DatasetList } from "./training/DatasetList";
import { DatasetUpload } from "./training/DatasetUpload";

export function TrainingPage() {
  const { t } = useTranslation();
  const { datasetId = null } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const datasets = useQuery(queries.datasets());

  // The upload answers with the job; the refreshed list says which dataset it builds, and that one opens.
  const openUploaded = (jobId: string) => {
    const created = (queryClient.getQueryData(queries.datasets().queryKey) ?? []).find((item) => item.job_id === jobId);
    if (created) void navigate(`/training/${created.id}`);
  };

  return (
    <div className="page" data-testid="page-training">
      <h1>{t("training.title")}</h1>
      <p className="muted">{t("training.intro")}</p>
      <ErrorBox error={datasets.error} />
      <div className="two-columns">
        <DatasetUpload onUploaded={openUploaded} />
        <DatasetList datasets={datasets.data ?? []} selected={datasetId} />
      </div>
      {datasetId && <DatasetDetail key={datasetId} datasetId={datasetId} />}
    </div>
  );
}
