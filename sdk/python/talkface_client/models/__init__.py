""" Contains all the data models used in inputs/outputs """

from .api_key_check import ApiKeyCheck
from .artifact import Artifact
from .artifact_metadata import ArtifactMetadata
from .audio_event import AudioEvent
from .audio_speech_request import AudioSpeechRequest
from .audio_speech_request_response_format import AudioSpeechRequestResponseFormat
from .avatar import Avatar
from .avatar_create_form import AvatarCreateForm
from .avatar_kind import AvatarKind
from .avatar_list import AvatarList
from .avatar_update import AvatarUpdate
from .background import Background
from .box import Box
from .chat_completion import ChatCompletion
from .chat_completion_chunk import ChatCompletionChunk
from .chat_completion_request import ChatCompletionRequest
from .chat_completion_stream_error import ChatCompletionStreamError
from .chat_message import ChatMessage
from .chat_message_content_type_1_item import ChatMessageContentType1Item
from .chat_message_role import ChatMessageRole
from .chunk_choice import ChunkChoice
from .chunk_delta import ChunkDelta
from .clone_info import CloneInfo
from .completion_choice import CompletionChoice
from .completion_message import CompletionMessage
from .completion_usage import CompletionUsage
from .conversation import Conversation
from .conversation_create import ConversationCreate
from .conversation_create_language import ConversationCreateLanguage
from .conversation_info import ConversationInfo
from .conversation_info_language import ConversationInfoLanguage
from .conversation_language import ConversationLanguage
from .conversation_list import ConversationList
from .dataset import Dataset
from .dataset_build_result import DatasetBuildResult
from .dataset_create_form import DatasetCreateForm
from .dataset_issue import DatasetIssue
from .dataset_list import DatasetList
from .dataset_preset import DatasetPreset
from .dataset_preview import DatasetPreview
from .dataset_report import DatasetReport
from .dataset_report_stage_seconds import DatasetReportStageSeconds
from .dataset_status import DatasetStatus
from .dependency_check import DependencyCheck
from .dependency_state import DependencyState
from .done_event import DoneEvent
from .done_event_timings import DoneEventTimings
from .encoder_similarity import EncoderSimilarity
from .enrollment_info import EnrollmentInfo
from .enrollment_info_chosen_type_0 import EnrollmentInfoChosenType0
from .enrollment_info_held_out import EnrollmentInfoHeldOut
from .enrollment_info_status import EnrollmentInfoStatus
from .enrollment_result import EnrollmentResult
from .ernerf_avatar_create import ErnerfAvatarCreate
from .error_event import ErrorEvent
from .error_event_stage import ErrorEventStage
from .face_report import FaceReport
from .frame_drops import FrameDrops
from .gate_code import GateCode
from .gpu_info import GpuInfo
from .health import Health
from .ice_server import IceServer
from .interrupt_result import InterruptResult
from .job import Job
from .job_accepted import JobAccepted
from .job_event import JobEvent
from .job_event_data_type_0 import JobEventDataType0
from .job_inputs import JobInputs
from .job_list import JobList
from .job_result import JobResult
from .job_status import JobStatus
from .live_ended_event import LiveEndedEvent
from .live_ended_event_reason import LiveEndedEventReason
from .live_error_event import LiveErrorEvent
from .live_error_event_stage import LiveErrorEventStage
from .live_interrupt_message import LiveInterruptMessage
from .live_reply_done_event import LiveReplyDoneEvent
from .live_sentence_event import LiveSentenceEvent
from .live_session import LiveSession
from .live_session_create import LiveSessionCreate
from .live_session_create_language import LiveSessionCreateLanguage
from .live_session_list import LiveSessionList
from .live_state import LiveState
from .live_state_event import LiveStateEvent
from .live_status import LiveStatus
from .live_text_delta_event import LiveTextDeltaEvent
from .live_text_message import LiveTextMessage
from .live_transcript_event import LiveTranscriptEvent
from .llm_overrides import LLMOverrides
from .local_api_key import LocalApiKey
from .memory_overrides import MemoryOverrides
from .message_form import MessageForm
from .message_text import MessageText
from .open_ai_error_detail import OpenAIErrorDetail
from .open_ai_model import OpenAIModel
from .open_ai_model_list import OpenAIModelList
from .pitch_shift_form import PitchShiftForm
from .pitch_shift_result import PitchShiftResult
from .pose_range import PoseRange
from .problem import Problem
from .quality_report import QualityReport
from .readiness import Readiness
from .readiness_checks import ReadinessChecks
from .sentence_event import SentenceEvent
from .sentence_media import SentenceMedia
from .service_status import ServiceStatus
from .service_status_checks import ServiceStatusChecks
from .session_description import SessionDescription
from .session_description_type import SessionDescriptionType
from .speech_request import SpeechRequest
from .speech_request_format import SpeechRequestFormat
from .speech_request_language import SpeechRequestLanguage
from .speech_result import SpeechResult
from .spread import Spread
from .system_status import SystemStatus
from .system_status_queues import SystemStatusQueues
from .text_delta_event import TextDeltaEvent
from .training import Training
from .training_checkpoint import TrainingCheckpoint
from .training_create import TrainingCreate
from .training_create_iterations_type_0 import TrainingCreateIterationsType0
from .training_iterations import TrainingIterations
from .training_list import TrainingList
from .training_metrics import TrainingMetrics
from .training_point import TrainingPoint
from .training_preset import TrainingPreset
from .training_preview import TrainingPreview
from .training_result import TrainingResult
from .training_stage import TrainingStage
from .training_status import TrainingStatus
from .transcript_event import TranscriptEvent
from .transcription import Transcription
from .transcription_form import TranscriptionForm
from .transcription_form_response_format import TranscriptionFormResponseFormat
from .transcription_segment import TranscriptionSegment
from .transcription_verbose import TranscriptionVerbose
from .turn import Turn
from .turn_status import TurnStatus
from .turn_timings import TurnTimings
from .video_event import VideoEvent
from .video_job_form import VideoJobForm
from .video_list import VideoList
from .video_render_result import VideoRenderResult
from .video_render_result_timings_s import VideoRenderResultTimingsS
from .video_segment import VideoSegment
from .video_stream_done import VideoStreamDone
from .video_stream_request import VideoStreamRequest
from .video_summary import VideoSummary
from .voice_create_form import VoiceCreateForm
from .voice_create_form_language import VoiceCreateFormLanguage
from .voice_list import VoiceList
from .voice_profile import VoiceProfile
from .voice_profile_kind import VoiceProfileKind
from .voice_profile_transcript_source import VoiceProfileTranscriptSource
from .voice_update import VoiceUpdate
from .worker_info import WorkerInfo

__all__ = (
    "ApiKeyCheck",
    "Artifact",
    "ArtifactMetadata",
    "AudioEvent",
    "AudioSpeechRequest",
    "AudioSpeechRequestResponseFormat",
    "Avatar",
    "AvatarCreateForm",
    "AvatarKind",
    "AvatarList",
    "AvatarUpdate",
    "Background",
    "Box",
    "ChatCompletion",
    "ChatCompletionChunk",
    "ChatCompletionRequest",
    "ChatCompletionStreamError",
    "ChatMessage",
    "ChatMessageContentType1Item",
    "ChatMessageRole",
    "ChunkChoice",
    "ChunkDelta",
    "CloneInfo",
    "CompletionChoice",
    "CompletionMessage",
    "CompletionUsage",
    "Conversation",
    "ConversationCreate",
    "ConversationCreateLanguage",
    "ConversationInfo",
    "ConversationInfoLanguage",
    "ConversationLanguage",
    "ConversationList",
    "Dataset",
    "DatasetBuildResult",
    "DatasetCreateForm",
    "DatasetIssue",
    "DatasetList",
    "DatasetPreset",
    "DatasetPreview",
    "DatasetReport",
    "DatasetReportStageSeconds",
    "DatasetStatus",
    "DependencyCheck",
    "DependencyState",
    "DoneEvent",
    "DoneEventTimings",
    "EncoderSimilarity",
    "EnrollmentInfo",
    "EnrollmentInfoChosenType0",
    "EnrollmentInfoHeldOut",
    "EnrollmentInfoStatus",
    "EnrollmentResult",
    "ErnerfAvatarCreate",
    "ErrorEvent",
    "ErrorEventStage",
    "FaceReport",
    "FrameDrops",
    "GateCode",
    "GpuInfo",
    "Health",
    "IceServer",
    "InterruptResult",
    "Job",
    "JobAccepted",
    "JobEvent",
    "JobEventDataType0",
    "JobInputs",
    "JobList",
    "JobResult",
    "JobStatus",
    "LiveEndedEvent",
    "LiveEndedEventReason",
    "LiveErrorEvent",
    "LiveErrorEventStage",
    "LiveInterruptMessage",
    "LiveReplyDoneEvent",
    "LiveSentenceEvent",
    "LiveSession",
    "LiveSessionCreate",
    "LiveSessionCreateLanguage",
    "LiveSessionList",
    "LiveState",
    "LiveStateEvent",
    "LiveStatus",
    "LiveTextDeltaEvent",
    "LiveTextMessage",
    "LiveTranscriptEvent",
    "LLMOverrides",
    "LocalApiKey",
    "MemoryOverrides",
    "MessageForm",
    "MessageText",
    "OpenAIErrorDetail",
    "OpenAIModel",
    "OpenAIModelList",
    "PitchShiftForm",
    "PitchShiftResult",
    "PoseRange",
    "Problem",
    "QualityReport",
    "Readiness",
    "ReadinessChecks",
    "SentenceEvent",
    "SentenceMedia",
    "ServiceStatus",
    "ServiceStatusChecks",
    "SessionDescription",
    "SessionDescriptionType",
    "SpeechRequest",
    "SpeechRequestFormat",
    "SpeechRequestLanguage",
    "SpeechResult",
    "Spread",
    "SystemStatus",
    "SystemStatusQueues",
    "TextDeltaEvent",
    "Training",
    "TrainingCheckpoint",
    "TrainingCreate",
    "TrainingCreateIterationsType0",
    "TrainingIterations",
    "TrainingList",
    "TrainingMetrics",
    "TrainingPoint",
    "TrainingPreset",
    "TrainingPreview",
    "TrainingResult",
    "TrainingStage",
    "TrainingStatus",
    "TranscriptEvent",
    "Transcription",
    "TranscriptionForm",
    "TranscriptionFormResponseFormat",
    "TranscriptionSegment",
    "TranscriptionVerbose",
    "Turn",
    "TurnStatus",
    "TurnTimings",
    "VideoEvent",
    "VideoJobForm",
    "VideoList",
    "VideoRenderResult",
    "VideoRenderResultTimingsS",
    "VideoSegment",
    "VideoStreamDone",
    "VideoStreamRequest",
    "VideoSummary",
    "VoiceCreateForm",
    "VoiceCreateFormLanguage",
    "VoiceList",
    "VoiceProfile",
    "VoiceProfileKind",
    "VoiceProfileTranscriptSource",
    "VoiceUpdate",
    "WorkerInfo",
)
