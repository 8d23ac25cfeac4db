/** Chat: conversation list and a new-conversation form beside the open conversation. */
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { ErrorBox } from "../components/ErrorBox";
import { queries } from "../queries";
import { ChatView } from "./chat/ChatView";
import { ConversationList } from "./chat/ConversationList";
import { NewConversation } from "./chat/NewConversation";

export function ChatPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { conversationId = null } = useParams();
  const conversations = useQuery(queries.conversations());
  const avatars = useQuery(queries.avatars());
  const list = conversations.data ?? [];

  return (
    <div className="page" data-testid="page-chat">
      <h1>{t("chat.title")}</h1>
      <ErrorBox error={conversations.error ?? avatars.error} />
      <div className={`chat-layout${conversationId ? " has-conversation" : ""}`}>
        <aside className="card chat-sidebar">
          <NewConversation avatars={avatars.data ?? []} startOpen={!conversationId}
            onCreated={(conversation) => navigate(`/chat/${conversation.id}`)} />
          <ConversationList conversations={list} selected={conversationId}
            onDeleted={(id) => { if (id === conversationId) navigate("/chat"); }} />
        </aside>
        <div className="card chat-main">
          {conversationId
            ? <ChatView key={conversationId} conversationId={conversationId} avatars={avatars.data ?? []}
              onTurnFinished={() => void conversations.refetch()} />
            : <p className="muted">{t("chat.pick")}</p>}
        </div>
      </div>
    </div>
  );
}
