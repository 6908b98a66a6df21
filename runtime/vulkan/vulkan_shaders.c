#include "vulkan/vulkan_shaders.h"

/* glslangValidator --vn output: `const uint32_t ckpt_vulkan_<name>_spirv[] = {...};`. */
#include "control.spv.h"
#include "queue.spv.h"
#include "yield.spv.h"

const size_t ckpt_vulkan_control_spirv_size = sizeof(ckpt_vulkan_control_spirv);
const size_t ckpt_vulkan_yield_spirv_size = sizeof(ckpt_vulkan_yield_spirv);
const size_t ckpt_vulkan_queue_spirv_size = sizeof(ckpt_vulkan_queue_spirv);
