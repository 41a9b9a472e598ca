import QuayCore
