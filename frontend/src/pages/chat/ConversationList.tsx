/** The conversations, most recent first; open one or delete it. */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, call } from "../../api/client";
import type { ConversationInfo } from "../../api/types";
import { type ApiError, toApiError } from "../../api/problem";
import { ErrorBox } from "../../components/ErrorBox";
import { formatDateTime } from "../../format";

interface Props {
  conversations: ConversationInfo[];
  selected: string | null;
  onDeleted: (conversationId: string) => void;
}

export function ConversationList({ conversations, selected, onDeleted }: Props) {
  const { t } = useTranslation();
  const [error, setError] = useState<ApiError | null>(null);

  const remove = async (conversation: ConversationInfo) => {
    if (!window.confirm(t("chat.confirmDelete"))) return;
    try {
      await call(api.DELETE("/api/v1/conversations/{conversation_id}", {
        params: { path: { conversation_id: conversation.id } },
      }));
      onDeleted(conversation.id);
    } catch (deleteError) {
      setError(toApiError(deleteError));
    }
  };

  return (
    <nav aria-label={t("chat.conversations")} data-testid="conversation-list">
      <h2>{t("chat.conversations")}</h2>
      <ErrorBox error={error} onDismiss={() => setError(null)} />
      {conversations.length === 0 && <p className="muted small">{t("chat.noConversations")}</p>}
      <ul className="conversation-list">
        {conversations.map((conversation) => (
          <li key={conversation.id} className={conversation.id === selected ? "selected" : undefined}>
            <Link to={`/chat/${conversation.id}`} aria-current={conversation.id === selected ? "page" : undefined}>
              <span className="clamp">{conversation.last_message || t("chat.empty")}</span>
              <span className="small muted">
                {t("chat.turns", { count: conversation.turn_count ?? 0 })} · {formatDateTime(conversation.updated_at)}
              </span>
            </Link>
            <button type="button" className="icon-button" onClick={() => void remove(conversation)}
              aria-label={t("chat.deleteConversation")}>×</button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
