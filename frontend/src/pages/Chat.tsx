/** Chat: conversation list and a new-conversation form beside the open conversation; or Live mode, a WebRTC
 * call with the avatar (`?mode=live`). */
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams, useSearchParams } from "react-router";
import { ErrorBox } from "../components/ErrorBox";
import { queries } from "../queries";
import { ChatView } from "./chat/ChatView";
import { ConversationList } from "./chat/ConversationList";
import { LiveChat } from "./chat/LiveChat";
import { NewConversation } from "./chat/NewConversation";

export function ChatPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { conversationId = null } = useParams();
  const conversations = useQuery(queries.conversations());
  const avatars = useQuery(queries.avatars());
  const list = conversations.data ?? [];
  const [search, setSearch] = useSearchParams();
  const liveMode = search.get("mode") === "live";

  return (
    <div className="page" data-testid="page-chat">
      <h1>{t("chat.title")}</h1>
      <div className="tabs" role="group" aria-label={t("chat.live.modes")} style={{ display: "flex", gap: "0.5rem" }}>
        <button type="button" className={liveMode ? "secondary" : ""} aria-pressed={!liveMode}
          onClick={() => setSearch({})} data-testid="mode-conversations">{t("chat.live.conversations")}</button>
        <button type="button" className={liveMode ? "" : "secondary"} aria-pressed={liveMode}
          onClick={() => setSearch({ mode: "live" })} data-testid="mode-live">{t("chat.live.title")}</button>
      </div>
      <ErrorBox error={conversations.error ?? avatars.error} />
      {liveMode ? (
        <div className="card chat-main"><LiveChat avatars={avatars.data ?? []} /></div>
      ) : (
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
      )}
    </div>
  );
}
