/** Chat: conversation list and a new-conversation form beside the open conversation. */
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { api, call } from "../api/client";
import type { ConversationInfo } from "../api/types";
import type { Avatar } from "../api/types";
import { ErrorBox } from "../components/ErrorBox";
import { useResource } from "../hooks/useResource";
import { ChatView } from "./chat/ChatView";
import { ConversationList } from "./chat/ConversationList";
import { NewConversation } from "./chat/NewConversation";

export function ChatPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { conversationId = null } = useParams();
  const conversations = useResource<ConversationInfo[]>(
    async () => (await call(api.GET("/api/v1/conversations", { params: { query: { limit: 50 } } }))).items, [],
  );
  const avatars = useResource<Avatar[]>(async () => (await call(api.GET("/api/v1/avatars"))).items, []);
  const list = conversations.data ?? [];

  return (
    <div className="page" data-testid="page-chat">
      <h1>{t("chat.title")}</h1>
      <ErrorBox error={conversations.error ?? avatars.error} />
      <div className={`chat-layout${conversationId ? " has-conversation" : ""}`}>
        <aside className="card chat-sidebar">
          <NewConversation avatars={avatars.data ?? []} startOpen={!conversationId}
            onCreated={(conversation) => { void conversations.reload(); navigate(`/chat/${conversation.id}`); }} />
          <ConversationList conversations={list} selected={conversationId}
            onDeleted={(id) => { void conversations.reload(); if (id === conversationId) navigate("/chat"); }} />
        </aside>
        <div className="card chat-main">
          {conversationId
            ? <ChatView key={conversationId} conversationId={conversationId} avatars={avatars.data ?? []}
              onTurnFinished={() => void conversations.reload()} />
            : <p className="muted">{t("chat.pick")}</p>}
        </div>
      </div>
    </div>
  );
}
