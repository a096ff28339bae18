# Included by src/server/CMakeLists.txt: the library that registers every
# built-in channel parser (server/builtin_channels.h).
set(TOCSIN_SERVER_CHANNEL_DEPS tocsin::config)
foreach(ch discord email incidentio pagerduty slack webhook opsgenie wechat
        pushover victorops sns telegram webex msteams msteamsv2 jira rocketchat
        mattermost)
  list(APPEND TOCSIN_SERVER_CHANNEL_DEPS tocsin::notify_${ch})
endforeach()
tocsin_library(NAME server_channels SRCS builtin_channels.cc
  DEPS ${TOCSIN_SERVER_CHANNEL_DEPS})
tocsin_test(NAME server_channels_test SRCS builtin_channels_test.cc
  DEPS tocsin::server_channels tocsin::config)
