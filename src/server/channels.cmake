# Included by src/server/CMakeLists.txt: the library that registers every
# built-in channel parser (server/builtin_channels.h).
set(TOCSIN_SERVER_CHANNEL_DEPS tocsin::config)
foreach(ch webhook email slack pagerduty opsgenie wechat pushover victorops sns
        telegram rocketchat mattermost)
  list(APPEND TOCSIN_SERVER_CHANNEL_DEPS tocsin::notify_${ch})
endforeach()
tocsin_library(NAME server_channels SRCS builtin_channels.cc
  DEPS ${TOCSIN_SERVER_CHANNEL_DEPS})
