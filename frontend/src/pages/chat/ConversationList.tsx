/** The conversations, most recent first; open one or delete it. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, call } from "../../api/client";
import type { ConversationInfo } from "../../api/types";
import { ErrorBox } from "../../components/ErrorBox";
import { formatDateTime } from "../../format";
import { queries } from "../../queries";

interface Props {
  conversations: ConversationInfo[];
  selected: string | null;
  onDeleted: (conversationId: string) => void;
}

export function ConversationList({ conversations, selected, onDeleted }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const removeConversation = useMutation({
    mutationFn: (conversationId: string) => call(api.DELETE("/api/v1/conversations/{conversation_id}", {
      params: { path: { conversation_id: conversationId } },
    })),
    onSuccess: (_, conversationId) => {
      void queryClient.invalidateQueries({ queryKey: queries.conversations().queryKey });
      onDeleted(conversationId);
    },
  });

  const remove = (conversation: ConversationInfo) => {
    if (window.confirm(t("chat.confirmDelete"))) removeConversation.mutate(conversation.id);
  };

  return (
    <nav aria-label={t("chat.conversations")} data-testid="conversation-list">
      <h2>{t("chat.conversations")}</h2>
      <ErrorBox error={removeConversation.error} onDismiss={removeConversation.reset} />
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
            <button type="button" className="icon-button" onClick={() => remove(conversation)}
              aria-label={t("chat.deleteConversation")}>×</button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
