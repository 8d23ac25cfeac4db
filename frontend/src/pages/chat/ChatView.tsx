/** One conversation: the avatar's video pane (or voice), the transcript, the live reply, the composer. */
import { useQuery } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Avatar, Turn } from "../../api/types";
import { ErrorBox } from "../../components/ErrorBox";
import { SegmentPlayer, type SegmentPlayerHandle } from "../../components/SegmentPlayer";
import { useChatTurn } from "../../hooks/useChatTurn";
import { queries } from "../../queries";
import { Composer } from "./Composer";

interface Props {
  conversationId: string;
  avatars: Avatar[];
  onTurnFinished: () => void;
}

export function ChatView({ conversationId, avatars, onTurnFinished }: Props) {
  const { t } = useTranslation();
  const player = useRef<SegmentPlayerHandle>(null);
  const [playing, setPlaying] = useState(false);
  const conversation = useQuery(queries.conversation(conversationId));
  const data = conversation.data ?? null;
  const avatar = avatars.find((item) => item.id === data?.avatar_id) ?? null;
  const withVideo = !!data?.avatar_id;

  const chat = useChatTurn(conversationId, {
    onVideo: (url) => player.current?.enqueue(url),
    onAudio: (url) => { if (!withVideo) player.current?.enqueue(url); },
    onFinished: () => { void conversation.refetch(); onTurnFinished(); },
  });
  const live = chat.turn;
  const history = data?.turns ?? [];
  const liveInHistory = !!live?.done && history.some((turn) => turn.id === live.done?.turn_id);

  const interrupt = () => {
    player.current?.clear();
    if (chat.streaming) void chat.interrupt();
  };

  return (
    <section className="chat-view" data-testid="chat-view" aria-busy={chat.streaming}>
      <ErrorBox error={conversation.error} />
      {data && (
        <div className="chat-head small muted">
          {avatar ? avatar.name : t("chat.noAvatar")} · {data.voice_id ?? t("voice.defaultVoice")} · {data.language}
          <details className="persona"><summary>{t("chat.persona")}</summary><p>{data.persona}</p></details>
        </div>
      )}
      {data?.speak !== false && (
        <SegmentPlayer ref={player} kind={withVideo ? "video" : "audio"} poster={avatar?.thumbnail_url}
          label={t("chat.stage")} onPlayingChange={setPlaying} />
      )}
      <ol className="transcript" aria-live="polite" data-testid="transcript">
        {history.map((turn) => <HistoryTurn key={turn.id} turn={turn} />)}
        {live && !liveInHistory && (
          <li className="turn live" data-testid="live-turn">
            <p className="bubble user">{live.transcribing ? <em>{t("chat.transcribing")}</em> : live.user ?? <em>{t("chat.spokenMessage")}</em>}</p>
            <p className="bubble assistant" data-testid="reply">
              {live.assistant || (chat.streaming ? <em>{t("chat.thinking")}</em> : null)}
            </p>
            {live.done && live.done.status !== "answered" && (
              <p className="small muted">{t(`chat.status.${live.done.status}`)}</p>
            )}
          </li>
        )}
      </ol>
      {live?.errors.map((error, index) => <ErrorBox key={index} error={error} />)}
      <Composer disabled={!data} busy={chat.streaming} canInterrupt={chat.streaming || playing}
        onText={(text) => void chat.send({ text })} onSpeech={(audio) => void chat.send({ audio })}
        onInterrupt={interrupt} />
    </section>
  );
}

function HistoryTurn({ turn }: { turn: Turn }) {
  const { t } = useTranslation();
  const status = turn.status ?? "answered";
  return (
    <li className="turn" data-testid="turn" data-status={status}>
      <p className="bubble user">{turn.user}</p>
      {turn.assistant && <p className="bubble assistant">{turn.assistant}</p>}
      {status !== "answered" && <p className="small muted">{t(`chat.status.${status}`)}</p>}
      {turn.error && <ErrorBox error={turn.error} />}
    </li>
  );
}
